package dev.twitterlike.tweet.retention;

import dev.twitterlike.tweet.TweetProperties;
import dev.twitterlike.tweet.media.MediaCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Hard-deletes tweets soft-deleted longer ago than the retention (30 days by default,
 * {@code twitter.tweets.retention.deleted-tweets}), with their likes and retweets: the window in
 * which a deletion could still be undone or audited has passed. Runs every
 * {@code purge-interval}, in batches of {@code purge-batch} rows per transaction so that a large
 * backlog never holds locks for long; rows locked by someone else are skipped ({@code SKIP
 * LOCKED}) and taken next time, which also lets two instances purge side by side. Replies of a
 * purged tweet keep their {@code reply_to} id (see V2): they are replies to a deleted tweet.
 * The tweets' images go too: their rows in the batch's transaction, their files once it has
 * committed (a file left by a crash then has no row, and the media cleanup removes it).
 */
@Component
public class DeletedTweetPurge {

    private static final Logger log = LoggerFactory.getLogger(DeletedTweetPurge.class);

    /** What one run removed. */
    public record Purged(int tweets, int likes, int retweets, int media) {
        Purged plus(Purged other) {
            return new Purged(tweets + other.tweets, likes + other.likes, retweets + other.retweets, media + other.media);
        }
    }

    private record Batch(Purged purged, List<String> media) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TweetProperties.Retention retention;
    private final MediaCatalog media;

    DeletedTweetPurge(JdbcClient jdbc, TransactionTemplate transactions, TweetProperties properties, MediaCatalog media) {
        this.media = media;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retention = properties.retention();
        log.info("soft-deleted tweets are hard-deleted after {}, checked every {}", retention.deletedTweets(), retention.purgeInterval());
    }

    @Scheduled(fixedDelayString = "${twitter.tweets.retention.purge-interval}", initialDelayString = "PT2M")
    public Purged purge() {
        return purgeDeletedBefore(Instant.now().minus(retention.deletedTweets()));
    }

    /** Removes what was soft-deleted before {@code cutoff}; logs and returns the counts. */
    public Purged purgeDeletedBefore(Instant cutoff) {
        long started = System.nanoTime();
        Purged total = new Purged(0, 0, 0, 0);
        Purged batch;
        do {
            Batch done = transactions.execute(status -> purgeBatch(cutoff));
            media.forget(done.media());
            batch = done.purged();
            total = total.plus(batch);
        } while (batch.tweets() == retention.purgeBatch());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (total.tweets() > 0) {
            log.info("retention: hard-deleted {} tweets soft-deleted before {} (retention {}), with {} likes, {} retweets and {} images, in {} ms",
                    total.tweets(), cutoff, retention.deletedTweets(), total.likes(), total.retweets(), total.media(), took.toMillis());
        } else {
            log.debug("retention: nothing soft-deleted before {}", cutoff);
        }
        return total;
    }

    private Batch purgeBatch(Instant cutoff) {
        return jdbc.sql("""
                        WITH doomed AS (
                            SELECT id FROM tweets.tweets
                             WHERE deleted_at < :cutoff
                             ORDER BY deleted_at
                             LIMIT :batch
                               FOR UPDATE SKIP LOCKED),
                        gone_likes AS (DELETE FROM tweets.likes WHERE tweet_id IN (SELECT id FROM doomed) RETURNING 1),
                        gone_retweets AS (DELETE FROM tweets.retweets WHERE tweet_id IN (SELECT id FROM doomed) RETURNING 1),
                        gone_media AS (DELETE FROM tweets.media WHERE tweet_id IN (SELECT id FROM doomed) RETURNING name),
                        gone_tweets AS (DELETE FROM tweets.tweets WHERE id IN (SELECT id FROM doomed) RETURNING 1)
                        SELECT (SELECT count(*) FROM gone_tweets) AS tweets,
                               (SELECT count(*) FROM gone_likes) AS likes,
                               (SELECT count(*) FROM gone_retweets) AS retweets,
                               (SELECT COALESCE(array_agg(name), '{}') FROM gone_media) AS media
                        """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", retention.purgeBatch())
                .query((rs, n) -> {
                    List<String> names = names(rs.getArray("media"));
                    return new Batch(new Purged(rs.getInt("tweets"), rs.getInt("likes"), rs.getInt("retweets"), names.size()), names);
                })
                .single();
    }

    private static List<String> names(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
