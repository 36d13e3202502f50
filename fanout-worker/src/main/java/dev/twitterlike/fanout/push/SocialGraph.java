package dev.twitterlike.fanout.push;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one place the worker reads PostgreSQL: the views graph-service and tweet-service publish
 * for it ({@code graph.follow_edges}, {@code graph.user_summaries}, {@code tweets.activity};
 * docs/data-ownership.md), read-only: followers streamed page by page, the author's tier, and an
 * author's recent activity when their recent list is not cached.
 */
@Component
class SocialGraph {

    private final JdbcClient jdbc;
    private final TransactionTemplate reads;

    SocialGraph(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
    }

    /**
     * Every follower of an author, handed over page by page as PostgreSQL streams them: one
     * query read through a cursor ({@code pageSize} rows per fetch, inside a read-only
     * transaction, which PostgreSQL's driver needs for a cursor), so the caller writes a page
     * while the next one is read, and memory stays at a page whatever the follower count. In
     * id order (the (following_id, follower_id) index gives it for free), so a fanout writes
     * its followers' timelines in a known order.
     */
    void followers(long authorId, int pageSize, Consumer<List<Long>> eachPage) {
        reads.executeWithoutResult(status -> {
            try (Stream<Long> ids = jdbc.sql("SELECT follower_id FROM graph.follow_edges WHERE following_id = ? ORDER BY follower_id")
                    .param(authorId).withFetchSize(pageSize).query(Long.class).stream()) {
                List<Long> page = new ArrayList<>(pageSize);
                ids.forEach(id -> {
                    page.add(id);
                    if (page.size() == pageSize) {
                        eachPage.accept(List.copyOf(page));
                        page.clear();
                    }
                });
                if (!page.isEmpty()) {
                    eachPage.accept(List.copyOf(page));
                }
            }
        });
    }

    /** How the author's tweets are delivered, from the flags graph-service keeps by follower count. */
    Tier tierOf(long userId) {
        return jdbc.sql("SELECT is_celebrity, is_influencer FROM graph.user_summaries WHERE id = ?").param(userId)
                .query((rs, n) -> rs.getBoolean(1) ? Tier.CELEBRITY : rs.getBoolean(2) ? Tier.INFLUENCER : Tier.NORMAL)
                .optional().orElse(Tier.NORMAL);
    }

    /** The author's latest tweets and retweets as timeline entries (sortId, tweetId), newest first. */
    List<long[]> recentActivity(long authorId, int limit) {
        return jdbc.sql("SELECT sort_id, tweet_id FROM tweets.activity WHERE source_id = :author ORDER BY sort_id DESC LIMIT :limit")
                .param("author", authorId).param("limit", limit)
                .query((rs, n) -> new long[] {rs.getLong("sort_id"), rs.getLong("tweet_id")}).list();
    }
}
