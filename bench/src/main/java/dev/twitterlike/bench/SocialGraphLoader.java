package dev.twitterlike.bench;

import dev.twitterlike.common.ids.Snowflake;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Generates a power-law social graph and loads it with COPY, straight into the owners' tables
 * (graph.users, graph.follows, tweets.tweets): far faster than the API, and the services read
 * exactly these rows. Users are ranked; whom a user follows is drawn with probability
 * proportional to 1/rank^1.1 (Zipf), so most accounts have a handful of followers and the top
 * ranks have thousands. How many accounts a user follows is itself heavy-tailed: mostly tens.
 *
 * <p>Bench users get ids in [{@link #FANOUT_AUTHOR}, {@link #LAST_ID}], far below any Snowflake id
 * the services make (those are above 10^17 since 2024), so a rerun replaces exactly the bench's
 * own rows and never touches real users.
 */
final class SocialGraphLoader {

    static final long FIRST_ID = 9_000_000_000_000L;
    /** The author whose followers are exactly the first 10,000 users: the fanout measurement. */
    static final long FANOUT_AUTHOR = FIRST_ID - 1;
    static final int FANOUT_FOLLOWERS = 10_000;
    static final long LAST_ID = FIRST_ID + 100_000_000L;
    /** SQL condition: the column holds a bench user id. */
    static String benchUser(String column) {
        return column + " BETWEEN " + FANOUT_AUTHOR + " AND " + LAST_ID;
    }

    /** Whom a user follows is drawn with probability proportional to 1/rank^this (docs/scale.md models the same law). */
    static final double ZIPF_EXPONENT = 1.1;

    private final int users;
    private final int minFollows;
    private final SplittableRandom random = new SplittableRandom(42);
    private final double[] cumulative;

    /** @param minFollows the fewest accounts a user follows (the Pareto tail's start; 20 by default) */
    SocialGraphLoader(int users, int minFollows) {
        if (minFollows < 1) {
            throw new IllegalArgumentException("BENCH_MIN_FOLLOWS must be at least 1");
        }
        this.users = users;
        this.minFollows = minFollows;
        this.cumulative = new double[users];
        double sum = 0;
        for (int rank = 1; rank <= users; rank++) {
            sum += 1 / Math.pow(rank, ZIPF_EXPONENT);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < users; i++) {
            cumulative[i] /= sum;
        }
    }

    static long userId(int index) {
        return FIRST_ID + index;
    }

    long load(Connection connection) throws SQLException, java.io.IOException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("DELETE FROM tweets.likes WHERE " + benchUser("user_id"));
            st.execute("DELETE FROM tweets.retweets WHERE " + benchUser("user_id"));
            st.execute("DELETE FROM tweets.tweets WHERE " + benchUser("author_id"));
            st.execute("DELETE FROM graph.follows WHERE " + benchUser("follower_id") + " OR " + benchUser("following_id"));
            st.execute("DELETE FROM graph.users WHERE " + benchUser("id"));
            // the space of a previous graph made reusable, so table sizes measure this graph (docs/scale.md)
            st.execute("VACUUM tweets.likes, tweets.retweets, tweets.tweets, graph.follows, graph.users");
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();

        StringBuilder rows = new StringBuilder();
        rows.append(FANOUT_AUTHOR).append("\tbench_fanout\tFanout author\tx\n");
        for (int i = 0; i < users; i++) {
            rows.append(userId(i)).append("\tb").append(Long.toString(userId(i), 36)).append("\tBench user ").append(i).append("\tx\n");
        }
        copy.copyIn("COPY graph.users (id, username, display_name, password_hash) FROM STDIN", new StringReader(rows.toString()));
        try (Statement st = connection.createStatement()) {
            // the follows' foreign-key checks look users up: planned on stale statistics (an emptied table) they scan it whole, per row
            st.execute("ANALYZE graph.users");
        }

        long follows = 0;
        StringBuilder edges = new StringBuilder(1 << 20);
        BitSet chosen = new BitSet(users);
        int[] picked = new int[1_001];
        for (int i = 0; i < users; i++) {
            int count = followCount();
            for (int n = 0; n < count; n++) {
                picked[n] = -1;
            }
            chosen.set(i);
            for (int n = 0; n < count; n++) {
                int target = zipf();
                if (!chosen.get(target)) {
                    chosen.set(target);
                    picked[n] = target;
                    edges.append(userId(i)).append('\t').append(userId(target)).append('\n');
                    follows++;
                }
            }
            chosen.clear(i);
            for (int n = 0; n < count; n++) {
                if (picked[n] >= 0) {
                    chosen.clear(picked[n]);
                }
            }
            if (i < FANOUT_FOLLOWERS) {
                edges.append(userId(i)).append('\t').append(FANOUT_AUTHOR).append('\n');
                follows++;
            }
            if (edges.length() > 8 << 20) {
                copy.copyIn("COPY graph.follows (follower_id, following_id) FROM STDIN", new StringReader(edges.toString()));
                edges.setLength(0);
            }
        }
        copy.copyIn("COPY graph.follows (follower_id, following_id) FROM STDIN", new StringReader(edges.toString()));
        try (Statement st = connection.createStatement()) {
            st.execute("""
                    UPDATE graph.users u SET follower_count = c.n FROM (
                        SELECT following_id, count(*) AS n FROM graph.follows WHERE %s GROUP BY following_id) c
                     WHERE u.id = c.following_id""".formatted(benchUser("following_id")));
            st.execute("""
                    UPDATE graph.users u SET following_count = c.n FROM (
                        SELECT follower_id, count(*) AS n FROM graph.follows WHERE %s GROUP BY follower_id) c
                     WHERE u.id = c.follower_id""".formatted(benchUser("follower_id")));
        }

        // history: the most followed authors tweet more; ids are Snowflakes from the past hour
        StringBuilder tweets = new StringBuilder(1 << 20);
        long base = Snowflake.firstIdAt(Instant.now().minusSeconds(3600));
        long sequence = 0;
        for (int i = 0; i < users; i++) {
            int count = i < 200 ? 30 : i < 2_000 ? 10 : 2;
            for (int n = 0; n < count; n++) {
                long id = base + (++sequence << 8) + 77;
                tweets.append(id).append('\t').append(userId(i)).append("\tbench tweet ").append(n).append('\n');
            }
        }
        copy.copyIn("COPY tweets.tweets (id, author_id, content) FROM STDIN", new StringReader(tweets.toString()));
        try (Statement st = connection.createStatement()) {
            st.execute("ANALYZE graph.users");
            st.execute("ANALYZE graph.follows");
            st.execute("ANALYZE tweets.tweets");
        }
        return follows;
    }

    /** Mostly tens: a Pareto tail from {@code minFollows} (20), capped at 1,000. */
    private int followCount() {
        double pareto = minFollows / Math.pow(1 - random.nextDouble(), 1 / 1.5);
        return (int) Math.min(pareto, 1_000);
    }

    private int zipf() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = users - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
