package dev.twitterlike.tweet.reading;

import dev.twitterlike.tweetviews.TweetView;
import dev.twitterlike.tweetviews.TweetViews;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Reads tweets as the API shows them. Which tweets a list holds comes from this service's own
 * tables (newest first by Snowflake id, a keyset cursor, one query served by an index); what
 * each one looks like comes from {@link TweetViews}, the one read model every service hydrates
 * tweets with, so a tweet has the same shape here as in timelines and notifications. A
 * soft-deleted tweet is invisible to every read.
 */
@Component
public class TweetQueries {

    /** Replies of a tweet, newest first: the partial index {@code tweets_replies (reply_to, id DESC)}. */
    static final String REPLIES = """
            SELECT id FROM tweets.tweets
             WHERE reply_to = :key AND deleted_at IS NULL AND id < :before
             ORDER BY id DESC LIMIT :limit""";

    /**
     * Tweets carrying a hashtag, newest first: containment ({@code @>}) is what the GIN index on
     * {@code hashtags} serves; {@code :tag = ANY(hashtags)} would read the whole table.
     */
    static final String BY_HASHTAG = """
            SELECT id FROM tweets.tweets
             WHERE hashtags @> ARRAY[CAST(:key AS text)] AND deleted_at IS NULL AND id < :before
             ORDER BY id DESC LIMIT :limit""";

    private final JdbcClient jdbc;
    private final TweetViews views;

    TweetQueries(JdbcClient jdbc, TweetViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    public Optional<TweetView> byId(long id, Long viewerId) {
        return views.inOrder(List.of(id), viewerId).stream().findFirst();
    }

    public boolean isVisible(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tweets.tweets WHERE id = ? AND deleted_at IS NULL)")
                .param(id).query(Boolean.class).single();
    }

    Page<TweetView> replies(long parentId, TweetCursor after, int limit, Long viewerId) {
        return page(REPLIES, parentId, after, limit, viewerId);
    }

    /** @param tag the stored form of the hashtag (see {@code TweetText.normaliseHashtag}) */
    Page<TweetView> byHashtag(String tag, TweetCursor after, int limit, Long viewerId) {
        return page(BY_HASHTAG, tag, after, limit, viewerId);
    }

    private Page<TweetView> page(String sql, Object key, TweetCursor after, int limit, Long viewerId) {
        List<Long> ids = jdbc.sql(sql)
                .param("key", key)
                .param("before", after == null ? Long.MAX_VALUE : after.beforeId())
                .param("limit", limit + 1)
                .query(Long.class).list();
        boolean more = ids.size() > limit;
        List<Long> shown = more ? ids.subList(0, limit) : ids;
        String next = more ? new TweetCursor(shown.get(shown.size() - 1)).encode() : null;
        return new Page<>(views.inOrder(shown, viewerId), next);
    }
}
