package dev.twitterlike.timeline.home;

import dev.twitterlike.common.timeline.TimelineEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL, the source of truth behind the cache: who a user follows, and the activity
 * (tweets and retweets, as timeline entries) of a set of accounts. Used to rebuild a missing
 * timeline, to page past the cached 800, and to serve everything while Valkey is down.
 */
@Component
public class TimelineSql {

    private final JdbcClient jdbc;

    TimelineSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whom the user follows: every account, and those pulled at read time (celebrities, recently demoted). */
    record Following(Set<Long> all, Set<Long> pulled) {
    }

    Following following(long userId, java.time.Duration demotionWindow) {
        Set<Long> all = new java.util.HashSet<>();
        Set<Long> pulled = new java.util.HashSet<>();
        jdbc.sql("""
                        SELECT f.following_id,
                               u.is_celebrity OR u.demoted_at > now() - make_interval(secs => :window) AS pulled
                          FROM graph.follows f JOIN graph.users u ON u.id = f.following_id
                         WHERE f.follower_id = :user
                        """)
                .param("user", userId).param("window", demotionWindow.toSeconds())
                .query(rs -> {
                    all.add(rs.getLong(1));
                    if (rs.getBoolean(2)) {
                        pulled.add(rs.getLong(2 - 1));
                    }
                });
        return new Following(all, pulled);
    }

    /** Activity of these accounts with sortId in (after, before), newest first. */
    public List<TimelineEntry> activity(Collection<Long> sources, long before, long after, int limit) {
        if (sources.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT sort_id, source_id, tweet_id FROM (
                            (SELECT t.id AS sort_id, t.author_id AS source_id, t.id AS tweet_id
                               FROM tweets.tweets t
                              WHERE t.author_id = ANY(:sources) AND t.deleted_at IS NULL AND t.id < :before AND t.id > :after
                              ORDER BY t.id DESC LIMIT :limit)
                            UNION ALL
                            (SELECT r.id, r.user_id, r.tweet_id
                               FROM tweets.retweets r
                              WHERE r.user_id = ANY(:sources) AND r.id < :before AND r.id > :after
                              ORDER BY r.id DESC LIMIT :limit)) activity
                         ORDER BY sort_id DESC LIMIT :limit
                        """)
                .param("sources", sources.toArray(Long[]::new))
                .param("before", before).param("after", after).param("limit", limit)
                .query((rs, n) -> new TimelineEntry(rs.getLong(1), rs.getLong(2), rs.getLong(3))).list();
    }

    /** The latest activity of each author, up to {@code perAuthor} each: one query for all of them. */
    Map<Long, List<TimelineEntry>> recentByAuthor(Collection<Long> authors, int perAuthor) {
        Map<Long, List<TimelineEntry>> recent = new HashMap<>();
        authors.forEach(a -> recent.put(a, new ArrayList<>()));
        if (authors.isEmpty()) {
            return recent;
        }
        jdbc.sql("""
                        SELECT a.author, x.sort_id, x.tweet_id
                          FROM unnest(:authors) AS a(author)
                          CROSS JOIN LATERAL (
                              SELECT sort_id, tweet_id FROM (
                                  (SELECT t.id AS sort_id, t.id AS tweet_id FROM tweets.tweets t
                                    WHERE t.author_id = a.author AND t.deleted_at IS NULL ORDER BY t.id DESC LIMIT :n)
                                  UNION ALL
                                  (SELECT r.id, r.tweet_id FROM tweets.retweets r
                                    WHERE r.user_id = a.author ORDER BY r.id DESC LIMIT :n)) both_kinds
                               ORDER BY sort_id DESC LIMIT :n) x
                         ORDER BY a.author, x.sort_id DESC
                        """)
                .param("authors", authors.toArray(Long[]::new)).param("n", perAuthor)
                .query(rs -> {
                    long author = rs.getLong(1);
                    recent.get(author).add(new TimelineEntry(rs.getLong(2), author, rs.getLong(3)));
                });
        return recent;
    }
}
