package dev.twitterlike.tweetviews;

import dev.twitterlike.common.resilience.Breakers;
import dev.twitterlike.tweetviews.TweetCache.Body;
import dev.twitterlike.tweetviews.TweetCache.Cached;
import dev.twitterlike.tweetviews.TweetCache.Counts;
import dev.twitterlike.tweetviews.TweetView.Mention;
import dev.twitterlike.tweetviews.TweetView.UserSummary;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.twitterlike.common.db.ReplicaReads;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Hydrates tweets for a viewer: from the cache in Valkey ({@link TweetCache}) in two pipelined
 * round trips (the tweets with the viewer's flags, then the users they show), and from
 * PostgreSQL only for what the cache misses, which is then filled in. A warm page sends no
 * statement to PostgreSQL. While Valkey fails (the {@code redis-tweets} breaker, or no Valkey
 * at all) the whole page comes from PostgreSQL in two queries, as before there was a cache.
 *
 * <p>This is tweet-service's published read model: tweet-service serves its own reads through
 * it, and timeline-service and notification-service hydrate their pages with it. It reads only
 * the views the owners publish ({@code tweets.visible_tweets}, {@code tweets.like_edges},
 * {@code tweets.retweet_edges}, {@code graph.user_summaries}), never their tables. Ids go in as
 * one array parameter, so one prepared statement serves every page.
 */
public class TweetViews {

    private static final Logger log = LoggerFactory.getLogger(TweetViews.class);

    /** The tweets found (by id) and every user they or the caller's extra ids name (by id). */
    public record Page(Map<Long, TweetView> tweets, Map<Long, UserSummary> users) {
    }

    private record Row(long id, Body body, Counts counts, boolean liked, boolean retweeted) {
    }

    private final JdbcClient jdbc;
    private final ReplicaReads replica;
    private final TweetCache cache;
    private final CircuitBreaker breaker;

    /** Without a cache: every page from PostgreSQL. */
    public TweetViews(JdbcClient jdbc, ReplicaReads replica) {
        this(jdbc, replica, null, null);
    }

    /**
     * @param jdbc    the primary: the viewer's flags and the user summaries, which a hydration
     *                caches as complete and which must not miss the viewer's own last change
     * @param replica the tweet rows of a miss (a body never changes; counts carry their version,
     *                and a fill never undoes a newer one); a tweet the replica has not received
     *                yet is read again from the primary
     */
    public TweetViews(JdbcClient jdbc, ReplicaReads replica, TweetCache cache, CircuitBreaker breaker) {
        this.jdbc = jdbc;
        this.replica = replica;
        this.cache = cache;
        this.breaker = breaker;
    }

    /**
     * @param tweetIds    the tweets to show; deleted or unknown ones are missing from the result
     * @param otherUsers  users the caller shows beside the tweets (retweeters, actors)
     * @param viewerId    whose likes and retweets fill {@code liked}/{@code retweeted}; null leaves them out
     */
    public Page hydrate(Collection<Long> tweetIds, Collection<Long> otherUsers, Long viewerId) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(tweetIds));
        if (cache != null) {
            try {
                return cached(ids, otherUsers, viewerId);
            } catch (CacheUnavailable e) {
                log.debug("tweets hydrated from PostgreSQL: {}", e.getCause().toString());
            }
        }
        return uncached(ids, otherUsers, viewerId);
    }

    /** The visible tweets with these ids in the order given (deleted or unknown ones skipped), with the viewer's flags. */
    public List<TweetView> inOrder(List<Long> tweetIds, Long viewerId) {
        Map<Long, TweetView> found = hydrate(tweetIds, List.of(), viewerId).tweets();
        return tweetIds.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    // ---- from the cache, PostgreSQL for the misses

    private Page cached(List<Long> ids, Collection<Long> otherUsers, Long viewerId) {
        Map<Long, Row> rows = new HashMap<>();
        TweetCache.Flags flags = new TweetCache.Flags(Set.of(), Set.of());
        if (!ids.isEmpty()) {
            TweetCache.Lookup lookup = fromCache(() -> cache.lookup(ids, viewerId));
            flags = lookup.flags();
            List<Long> missing = new ArrayList<>();
            for (long id : ids) {
                Cached cached = lookup.tweets().get(id);
                if (cached == null || !cached.complete()) {
                    missing.add(id);
                } else if (!cached.deleted()) {
                    rows.put(id, new Row(id, cached.body(), cached.counts(), false, false));
                }
            }
            if (!missing.isEmpty()) {
                Map<Long, Row> loaded = rows(missing, null);
                Map<Long, Body> bodies = new HashMap<>();
                Map<Long, Counts> counts = new HashMap<>();
                loaded.values().forEach(r -> {
                    bodies.put(r.id(), r.body());
                    counts.put(r.id(), r.counts());
                });
                fill(() -> cache.fillTweets(bodies, counts));
                rows.putAll(loaded);
            }
            if (viewerId != null && (flags.liked() == null || flags.retweeted() == null)) {
                flags = flags(viewerId);
            }
        }
        Set<Long> userIds = userIds(rows, otherUsers);
        List<Long> wanted = List.copyOf(userIds);
        Map<Long, UserSummary> users = wanted.isEmpty() ? new HashMap<>() : fromCache(() -> cache.users(wanted));
        List<Long> missingUsers = wanted.stream().filter(id -> !users.containsKey(id)).toList();
        if (!missingUsers.isEmpty()) {
            Map<Long, UserSummary> loaded = users(missingUsers);
            fill(() -> cache.fillUsers(loaded.values()));
            users.putAll(loaded);
        }
        Set<Long> liked = flags.liked();
        Set<Long> retweeted = flags.retweeted();
        return page(rows, users, viewerId, liked::contains, retweeted::contains);
    }

    /** All of the viewer's likes and retweets from PostgreSQL, cached as complete; returned as flags. */
    private TweetCache.Flags flags(long viewerId) {
        Set<Long> liked = new HashSet<>();
        Set<Long> retweeted = new HashSet<>();
        jdbc.sql("""
                        SELECT 'l' AS kind, tweet_id FROM tweets.like_edges WHERE user_id = :viewer
                        UNION ALL
                        SELECT 'r', tweet_id FROM tweets.retweet_edges WHERE user_id = :viewer
                        """)
                .param("viewer", viewerId)
                .query((rs, n) -> (rs.getString("kind").equals("l") ? liked : retweeted).add(rs.getLong("tweet_id")))
                .list();
        fill(() -> cache.fillFlags(viewerId, liked, retweeted));
        return new TweetCache.Flags(liked, retweeted);
    }

    /** Valkey failed, or the breaker is open: the page comes from PostgreSQL. */
    private static final class CacheUnavailable extends RuntimeException {
        CacheUnavailable(Throwable cause) {
            super(cause);
        }
    }

    private <T> T fromCache(java.util.function.Supplier<T> read) {
        try {
            return breaker.executeSupplier(read);
        } catch (RuntimeException e) {
            if (Breakers.notValkeysFault(e)) {
                // out of pooled connections (or PostgreSQL failing inside): a 503 for this
                // request, not the whole page from PostgreSQL on top of the load that caused it
                throw e;
            }
            throw new CacheUnavailable(e);
        }
    }

    /** A fill that fails is only a later miss: the page goes on. */
    private void fill(Runnable write) {
        try {
            breaker.executeRunnable(write);
        } catch (RuntimeException e) {
            log.debug("cache not filled: {}", e.toString());
        }
    }

    // ---- PostgreSQL only

    private Page uncached(List<Long> ids, Collection<Long> otherUsers, Long viewerId) {
        Map<Long, Row> rows = ids.isEmpty() ? Map.of() : rows(ids, viewerId);
        Map<Long, UserSummary> users = users(userIds(rows, otherUsers));
        return page(rows, users, viewerId, id -> rows.get(id).liked(), id -> rows.get(id).retweeted());
    }

    /**
     * The visible tweets among these ids; with a viewer, their flags too (EXISTS per row): from
     * the replica, and the ids it does not have (new, or deleted) from the primary.
     */
    private Map<Long, Row> rows(List<Long> ids, Long viewerId) {
        Map<Long, Row> rows = rows(replica.sql(ROWS), ids, viewerId);
        if (rows.size() < ids.size()) {
            List<Long> notThere = ids.stream().filter(id -> !rows.containsKey(id)).toList();
            rows.putAll(rows(jdbc.sql(ROWS), notThere, viewerId));
        }
        return rows;
    }

    private static final String ROWS = """
            SELECT t.id, t.author_id, t.content, t.created_at, t.hashtags, t.mentions, t.media_urls, t.reply_to,
                   t.like_count, t.retweet_count, t.reply_count, t.counts_version,
                   EXISTS (SELECT 1 FROM tweets.like_edges l WHERE l.tweet_id = t.id AND l.user_id = :viewer) AS liked,
                   EXISTS (SELECT 1 FROM tweets.retweet_edges r WHERE r.tweet_id = t.id AND r.user_id = :viewer) AS retweeted
              FROM tweets.visible_tweets t
             WHERE t.id = ANY(:ids)
            """;

    private Map<Long, Row> rows(JdbcClient.StatementSpec statement, List<Long> ids, Long viewerId) {
        Map<Long, Row> rows = new HashMap<>();
        statement
                .param("ids", ids.toArray(Long[]::new))
                .param("viewer", viewerId == null ? -1L : viewerId)
                .query((rs, n) -> row(rs)).list()
                .forEach(r -> rows.put(r.id(), r));
        return rows;
    }

    private Map<Long, UserSummary> users(Collection<Long> ids) {
        Map<Long, UserSummary> users = new HashMap<>();
        if (ids.isEmpty()) {
            return users;
        }
        jdbc.sql("SELECT id, username, display_name, avatar_url FROM graph.user_summaries WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> new UserSummary(Long.toString(rs.getLong("id")), rs.getString("username"),
                        rs.getString("display_name"), rs.getString("avatar_url")))
                .list()
                .forEach(u -> users.put(Long.parseLong(u.id()), u));
        return users;
    }

    // ----

    private static Set<Long> userIds(Map<Long, Row> rows, Collection<Long> otherUsers) {
        Set<Long> userIds = new LinkedHashSet<>(otherUsers);
        rows.values().forEach(r -> {
            userIds.add(r.body().authorId());
            userIds.addAll(r.body().mentions());
        });
        return userIds;
    }

    private static Page page(Map<Long, Row> rows, Map<Long, UserSummary> users, Long viewerId,
            java.util.function.Predicate<Long> liked, java.util.function.Predicate<Long> retweeted) {
        Map<Long, TweetView> tweets = new HashMap<>();
        rows.values().forEach(row -> {
            Body body = row.body();
            UserSummary author = users.get(body.authorId());
            if (author != null) {
                tweets.put(row.id(), new TweetView(Long.toString(row.id()), author, body.content(), body.createdAt(),
                        body.hashtags(), body.mentions().stream().map(users::get).filter(Objects::nonNull)
                                .map(u -> new Mention(u.id(), u.username())).toList(),
                        body.mediaUrls(), body.replyTo() == null ? null : Long.toString(body.replyTo()),
                        row.counts().likes(), row.counts().retweets(), row.counts().replies(),
                        viewerId == null ? null : liked.test(row.id()), viewerId == null ? null : retweeted.test(row.id()), null));
            }
        });
        return new Page(tweets, users);
    }

    private static Row row(ResultSet rs) throws SQLException {
        long replyTo = rs.getLong("reply_to");
        Long reply = rs.wasNull() ? null : replyTo;
        Body body = new Body(rs.getLong("author_id"), rs.getString("content"), rs.getTimestamp("created_at").toInstant(),
                strings(rs.getArray("hashtags")), longs(rs.getArray("mentions")), strings(rs.getArray("media_urls")), reply);
        Counts counts = new Counts(rs.getLong("counts_version"), rs.getInt("like_count"), rs.getInt("retweet_count"),
                rs.getInt("reply_count"));
        return new Row(rs.getLong("id"), body, counts, rs.getBoolean("liked"), rs.getBoolean("retweeted"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : List.of((Long[]) array.getArray());
    }
}
