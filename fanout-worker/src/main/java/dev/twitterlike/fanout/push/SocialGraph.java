package dev.twitterlike.fanout.push;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The one place the worker reads PostgreSQL: the views graph-service and tweet-service publish
 * for it ({@code graph.follow_edges}, {@code graph.user_summaries}, {@code tweets.activity};
 * docs/data-ownership.md), read-only: followers page by page, the celebrity flag, and an
 * author's recent activity when their recent list is not cached.
 */
@Component
class SocialGraph {

    private final JdbcClient jdbc;

    SocialGraph(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Followers of an author with ids above {@code after}, in id order: keyset pages over (following_id, follower_id). */
    List<Long> followersAfter(long authorId, long after, int limit) {
        return jdbc.sql("SELECT follower_id FROM graph.follow_edges WHERE following_id = ? AND follower_id > ? ORDER BY follower_id LIMIT ?")
                .params(authorId, after, limit).query(Long.class).list();
    }

    boolean isCelebrity(long userId) {
        return jdbc.sql("SELECT is_celebrity FROM graph.user_summaries WHERE id = ?").param(userId)
                .query(Boolean.class).optional().orElse(false);
    }

    /** The author's latest tweets and retweets as timeline entries (sortId, tweetId), newest first. */
    List<long[]> recentActivity(long authorId, int limit) {
        return jdbc.sql("SELECT sort_id, tweet_id FROM tweets.activity WHERE source_id = :author ORDER BY sort_id DESC LIMIT :limit")
                .param("author", authorId).param("limit", limit)
                .query((rs, n) -> new long[] {rs.getLong("sort_id"), rs.getLong("tweet_id")}).list();
    }
}
