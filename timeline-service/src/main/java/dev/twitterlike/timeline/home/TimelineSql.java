package dev.twitterlike.timeline.home;

import dev.twitterlike.common.timeline.TimelineEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL, the source of truth behind the caches: who a user follows, whom timelines pull, and the activity
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

    /** The ids of the accounts the user follows. */
    Set<Long> followingIds(long userId) {
        return new HashSet<>(jdbc.sql("SELECT following_id FROM graph.follows WHERE follower_id = ?")
                .param(userId).query(Long.class).list());
    }

    /** The id of the user with this username (case-insensitive, as graph-service compares them). */
    public java.util.Optional<Long> userIdOf(String username) {
        return jdbc.sql("SELECT id FROM graph.users WHERE lower(username) = lower(?)").param(username).query(Long.class).optional();
    }

    public boolean userExists(long userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM graph.users WHERE id = ?)").param(userId).query(Boolean.class).single();
    }

    /** The next {@code limit} user ids above {@code after}, in id order (a keyset walk of every user). */
    public List<Long> userIdsAfter(long after, int limit) {
        return jdbc.sql("SELECT id FROM graph.users WHERE id > ? ORDER BY id LIMIT ?").params(after, limit).query(Long.class).list();
    }

    public long userCount() {
        return jdbc.sql("SELECT count(*) FROM graph.users").query(Long.class).single();
    }

    /** Celebrities, and authors demoted within the window: the accounts home timelines pull. */
    Set<Long> pulledAuthors(Duration demotionWindow) {
        return Set.copyOf(jdbc.sql("""
                        SELECT id FROM graph.users
                         WHERE is_celebrity OR demoted_at > now() - make_interval(secs => :window)
                        """)
                .param("window", demotionWindow.toSeconds()).query(Long.class).list());
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
