package dev.twitterlike.fanout.push;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What the worker reads from graph-service's and tweet-service's tables (read-only, the read
 * paths the design gives fanout): followers page by page, the celebrity flag, and an author's
 * recent tweets when the recent list is not cached.
 */
@Component
class SocialGraph {

    private final JdbcClient jdbc;

    SocialGraph(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Followers of an author with ids above {@code after}, in id order: keyset pages over (following_id, follower_id). */
    List<Long> followersAfter(long authorId, long after, int limit) {
        return jdbc.sql("SELECT follower_id FROM graph.follows WHERE following_id = ? AND follower_id > ? ORDER BY follower_id LIMIT ?")
                .params(authorId, after, limit).query(Long.class).list();
    }

    boolean isCelebrity(long userId) {
        return jdbc.sql("SELECT is_celebrity FROM graph.users WHERE id = ?").param(userId)
                .query(Boolean.class).optional().orElse(false);
    }

    /** The author's latest tweets and retweets as timeline entries (sortId, tweetId), newest first. */
    List<long[]> recentActivity(long authorId, int limit) {
        return jdbc.sql("""
                        SELECT sort_id, tweet_id FROM (
                            SELECT id AS sort_id, id AS tweet_id FROM tweets.tweets
                             WHERE author_id = :author AND deleted_at IS NULL
                            UNION ALL
                            SELECT r.id, r.tweet_id FROM tweets.retweets r JOIN tweets.tweets t ON t.id = r.tweet_id
                             WHERE r.user_id = :author AND t.deleted_at IS NULL) activity
                         ORDER BY sort_id DESC LIMIT :limit
                        """)
                .param("author", authorId).param("limit", limit)
                .query((rs, n) -> new long[] {rs.getLong("sort_id"), rs.getLong("tweet_id")}).list();
    }
}
