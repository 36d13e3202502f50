package dev.twitterlike.tweet.posting;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.events.TweetEvents.TweetCreated;
import dev.twitterlike.common.events.TweetEvents.TweetDeleted;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.outbox.OutboxWriter;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweet.cache.CacheWrites;
import dev.twitterlike.tweet.media.MediaCatalog;
import dev.twitterlike.tweet.media.MediaStorage;
import dev.twitterlike.tweet.text.TweetText;
import dev.twitterlike.tweet.users.UserDirectory;
import dev.twitterlike.tweetviews.TweetCache.Body;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posting and deleting tweets. Each is one transaction that also moves the counts it affects
 * (the parent's {@code reply_count}, the author's {@code tweet_count}) by atomic increments and
 * writes its event to the outbox, so the counts and the events are exactly as true as the tweets.
 * The parent row is locked (by its update) before the reply is inserted, so a reply and the
 * parent's deletion cannot interleave: a reply lands on an undeleted parent or is refused.
 */
@Service
public class Tweets {

    private record Deletable(long authorId, Long replyTo, List<String> hashtags) {
    }

    private final JdbcClient jdbc;
    private final Snowflake ids;
    private final OutboxWriter outbox;
    private final UserDirectory users;
    private final MediaCatalog media;
    private final CacheWrites cache;
    private final Counter created;
    private final Counter deleted;

    Tweets(JdbcClient jdbc, Snowflake ids, OutboxWriter outbox, UserDirectory users, MediaCatalog media, CacheWrites cache,
            MeterRegistry meters) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.ids = ids;
        this.outbox = outbox;
        this.users = users;
        this.media = media;
        this.created = Counter.builder("tweets.created").description("tweets and replies posted").register(meters);
        this.deleted = Counter.builder("tweets.deleted").description("tweets deleted by their authors").register(meters);
    }

    /** Posts the tweet; returns its id. 400 naming the field for invalid input, 401 for an unknown author. */
    @Transactional
    public long post(long authorId, CreateTweetRequest request) {
        TweetText text = TweetText.parse(request.content());
        Long replyTo = parseId(request.replyTo());
        List<String> mediaUrls = checkMedia(request.mediaUrls());
        if (!users.exists(authorId)) {
            throw Problems.unauthorized();
        }
        List<Long> mentions = users.idsOfUsernames(text.mentionedUsernames());
        Long replyToAuthorId = null;
        if (replyTo != null) {
            long parent = replyTo;
            replyToAuthorId = jdbc.sql("UPDATE tweets.tweets SET reply_count = reply_count + 1, counts_version = counts_version + 1 "
                            + "WHERE id = ? AND deleted_at IS NULL RETURNING author_id, " + CacheWrites.COUNTS)
                    .param(replyTo).query((rs, n) -> {
                        cache.counts(parent, CacheWrites.counts(rs));
                        return rs.getLong("author_id");
                    }).optional()
                    .orElseThrow(() -> Problems.invalid(Map.of("replyTo", "is not a tweet, or it was deleted")));
        }
        long id = ids.nextId();
        Instant createdAt = jdbc.sql("""
                        INSERT INTO tweets.tweets (id, author_id, content, media_urls, hashtags, mentions, reply_to)
                        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING created_at""")
                .params(id, authorId, text.content(), mediaUrls.toArray(String[]::new),
                        text.hashtags().toArray(String[]::new), mentions.toArray(Long[]::new), replyTo)
                .query((rs, n) -> rs.getTimestamp("created_at").toInstant()).single();
        cache.posted(id, new Body(authorId, text.content(), createdAt, text.hashtags(), mentions, mediaUrls, replyTo));
        media.attach(id, authorId, mediaUrls.stream().map(url -> MediaStorage.nameOf(url).orElseThrow()).toList());
        outbox.append(Topics.TWEET_CREATED, authorId, new TweetCreated(id, authorId, text.content(), text.hashtags(),
                mentions, replyTo, replyToAuthorId, mediaUrls, createdAt));
        afterCommit(created);
        return id;
    }

    /**
     * Soft-deletes the tweet: from now on it is a 404 everywhere; the retention job removes the
     * row (with its likes and retweets) later. 404 if it is missing or already deleted, 403 if it
     * is someone else's.
     */
    @Transactional
    public void delete(long userId, long tweetId) {
        Deletable tweet = jdbc.sql("SELECT author_id, reply_to, hashtags FROM tweets.tweets "
                        + "WHERE id = ? AND deleted_at IS NULL FOR NO KEY UPDATE")
                .param(tweetId)
                .query((rs, n) -> new Deletable(rs.getLong("author_id"), rs.getObject("reply_to", Long.class),
                        hashtags(rs.getArray("hashtags"))))
                .optional().orElseThrow(() -> Problems.notFound("tweet", tweetId));
        if (tweet.authorId() != userId) {
            throw Problems.forbidden("Only its author can delete a tweet");
        }
        jdbc.sql("UPDATE tweets.tweets SET deleted_at = now() WHERE id = ?").param(tweetId).update();
        cache.deleted(tweetId);
        if (tweet.replyTo() != null) {
            long parent = tweet.replyTo();
            jdbc.sql("UPDATE tweets.tweets SET reply_count = reply_count - 1, counts_version = counts_version + 1 "
                            + "WHERE id = ? AND reply_count > 0 RETURNING " + CacheWrites.COUNTS)
                    .param(parent).query((rs, n) -> CacheWrites.counts(rs)).optional()
                    .ifPresent(counts -> cache.counts(parent, counts));
        }
        outbox.append(Topics.TWEET_DELETED, userId, new TweetDeleted(tweetId, userId, tweet.hashtags(), tweet.replyTo()));
        afterCommit(deleted);
    }

    private static Long parseId(String id) {
        if (id == null) {
            return null;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException tooLarge) {
            throw Problems.invalid(Map.of("replyTo", "must be a tweet id"));
        }
    }

    private List<String> checkMedia(List<String> urls) {
        Set<String> seen = new HashSet<>();
        for (String url : urls) {
            Optional<String> name = MediaStorage.nameOf(url);
            if (name.isEmpty()) {
                throw Problems.invalid(Map.of("mediaUrls", "must be URLs returned by POST /api/media"));
            }
            if (!seen.add(url)) {
                throw Problems.invalid(Map.of("mediaUrls", "must not repeat an image"));
            }
        }
        return List.copyOf(urls);
    }

    private static List<String> hashtags(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static void afterCommit(Counter counter) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter.increment();
            }
        });
    }
}
