package dev.twitterlike.timeline.home;

import dev.twitterlike.common.db.ReplicaReads;
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
 *
 * <p>The one place this service reads another service's data (besides tweet-views' hydration):
 * only the views graph-service and tweet-service publish for it ({@code graph.follow_edges},
 * {@code graph.user_summaries}, {@code tweets.activity}; docs/data-ownership.md), never their tables.
 *
 * <p>Rebuilds, pulls and counts tolerate a little lag and read through {@link ReplicaReads} (the
 * replica when there is one within its bound, docs/cluster.md); whether a user exists, and who of
 * the connected users sees a live event, are read on the primary.
 */
@Component
public class TimelineSql {

    private final JdbcClient jdbc;
    private final ReplicaReads replica;

    TimelineSql(JdbcClient jdbc, ReplicaReads replica) {
        this.jdbc = jdbc;
        this.replica = replica;
    }

    /** Whom the user follows: every account, and those pulled at read time (celebrities, recently demoted). */
    record Following(Set<Long> all, Set<Long> pulled) {
    }

    /** The ids of the accounts the user follows. */
    Set<Long> followingIds(long userId) {
        return new HashSet<>(replica.sql("SELECT following_id FROM graph.follow_edges WHERE follower_id = ?")
                .param(userId).query(Long.class).list());
    }

    /**
     * Who of these connected users sees an entry from {@code sourceId} in their home timeline:
     * its followers among them, and the source itself if connected (the live stream's fan-out,
     * one query per event for all the streams an instance holds).
     */
    public List<Long> audienceAmong(long sourceId, Long[] connected) {
        return jdbc.sql("""
                        SELECT follower_id FROM graph.follow_edges WHERE following_id = :source AND follower_id = ANY(:connected)
                        UNION SELECT :source WHERE :source = ANY(:connected)
                        """)
                .param("source", sourceId).param("connected", connected)
                .query(Long.class).list();
    }

    /** The id of the user with this username (case-insensitive, as graph-service compares them). */
    public java.util.Optional<Long> userIdOf(String username) {
        return jdbc.sql("SELECT id FROM graph.user_summaries WHERE lower(username) = lower(?)").param(username).query(Long.class).optional();
    }

    public boolean userExists(long userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM graph.user_summaries WHERE id = ?)").param(userId).query(Boolean.class).single();
    }

    /** The next {@code limit} user ids above {@code after}, in id order (a keyset walk of every user). */
    public List<Long> userIdsAfter(long after, int limit) {
        return jdbc.sql("SELECT id FROM graph.user_summaries WHERE id > ? ORDER BY id LIMIT ?").params(after, limit).query(Long.class).list();
    }

    public long userCount() {
        return jdbc.sql("SELECT count(*) FROM graph.user_summaries").query(Long.class).single();
    }

    /** How many accounts each fanout tier holds (the Lab page): celebrities, influencers (not celebrities), and the rest. */
    public record AuthorsPerTier(long normal, long influencer, long celebrity) {
    }

    public AuthorsPerTier authorsPerTier() {
        return replica.sql("""
                        SELECT count(*) FILTER (WHERE is_celebrity) AS celebrity,
                               count(*) FILTER (WHERE is_influencer AND NOT is_celebrity) AS influencer,
                               count(*) AS total
                          FROM graph.user_summaries
                        """)
                .query((rs, n) -> new AuthorsPerTier(rs.getLong("total") - rs.getLong("celebrity") - rs.getLong("influencer"),
                        rs.getLong("influencer"), rs.getLong("celebrity"))).single();
    }

    /** How many accounts follow this one (a celebrity's followers, who pull its tweets). */
    public long followerCount(long userId) {
        return replica.sql("SELECT count(*) FROM graph.follow_edges WHERE following_id = ?").param(userId).query(Long.class).single();
    }

    /** Celebrities, and authors demoted within the window: the accounts home timelines pull. */
    Set<Long> pulledAuthors(Duration demotionWindow) {
        return Set.copyOf(replica.sql("""
                        SELECT id FROM graph.user_summaries
                         WHERE is_celebrity OR demoted_at > now() - make_interval(secs => :window)
                        """)
                .param("window", demotionWindow.toSeconds()).query(Long.class).list());
    }

    /** Activity of these accounts with sortId in (after, before), newest first. */
    public List<TimelineEntry> activity(Collection<Long> sources, long before, long after, int limit) {
        if (sources.isEmpty()) {
            return List.of();
        }
        return replica.sql("""
                        SELECT sort_id, source_id, tweet_id FROM tweets.activity
                         WHERE source_id = ANY(:sources) AND sort_id < :before AND sort_id > :after
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
        replica.sql("""
                        SELECT a.author, x.sort_id, x.tweet_id
                          FROM unnest(:authors) AS a(author)
                          CROSS JOIN LATERAL (
                              SELECT sort_id, tweet_id FROM tweets.activity
                               WHERE source_id = a.author ORDER BY sort_id DESC LIMIT :n) x
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
