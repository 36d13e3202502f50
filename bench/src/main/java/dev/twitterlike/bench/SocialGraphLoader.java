package dev.twitterlike.bench;

import dev.twitterlike.common.ids.Snowflake;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
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

    /**
     * Replaces the bench's rows with a new graph; returns how many follows it has. One
     * transaction for the graph and its tweets (a loader stopped half-way leaves the previous
     * graph, indexes and all): the previous bench follows go with a TRUNCATE (the others are kept aside and
     * put back), the follows' secondary indexes are dropped and built again once the rows are
     * in (a sorted build instead of 50 M random inserts into two trees keyed by whom is followed),
     * and the foreign-key checks are skipped ({@code session_replication_role = replica}: the
     * generated rows reference only users of the same load). Needs the PostgreSQL superuser,
     * which is how the bench connects.
     */
    long load(Connection connection) throws SQLException, IOException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long follows;
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            Progress.stage("removing the previous bench rows");
            st.execute("SET LOCAL maintenance_work_mem = '1GB'");
            st.execute("DELETE FROM tweets.likes WHERE " + benchUser("user_id"));
            st.execute("DELETE FROM tweets.retweets WHERE " + benchUser("user_id"));
            st.execute("DELETE FROM tweets.tweets WHERE " + benchUser("author_id"));
            st.execute("CREATE TEMP TABLE kept_follows ON COMMIT DROP AS SELECT * FROM graph.follows WHERE NOT ("
                    + benchUser("follower_id") + " OR " + benchUser("following_id") + ")");
            st.execute("TRUNCATE graph.follows");
            List<String[]> indexes = secondaryIndexes(st, "graph", "follows");
            for (String[] index : indexes) {
                st.execute("DROP INDEX graph." + index[0]);
            }
            st.execute("INSERT INTO graph.follows SELECT * FROM kept_follows");
            st.execute("DELETE FROM graph.sessions WHERE " + benchUser("user_id"));
            // from here on, no foreign-key (or other) triggers: the rows below reference only each other
            st.execute("SET LOCAL session_replication_role = replica");
            st.execute("DELETE FROM graph.users WHERE " + benchUser("id"));

            int[] followers = new int[users];
            int[] following = new int[users];
            follows = copyFollows(pg, followers, following);
            copyUsers(pg, followers, following);
            copyTweets(pg);
            for (int i = 0; i < indexes.size(); i++) {
                long t0 = System.nanoTime();
                Progress.stage("building index " + indexes.get(i)[0] + " (" + (i + 1) + "/" + indexes.size() + ")");
                st.execute(indexes.get(i)[1]);
                Progress.stage("  built in " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
            }
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        try (Statement st = connection.createStatement()) {
            // the previous graph's rows made reusable space (docs/scale.md), and fresh statistics
            Progress.stage("vacuuming and analyzing");
            st.execute("VACUUM ANALYZE graph.users, tweets.tweets, tweets.likes, tweets.retweets");
            st.execute("ANALYZE graph.follows");
        }
        return follows;
    }

    /** Name and definition of each index of the table that is not a constraint's (its primary key stays). */
    private static List<String[]> secondaryIndexes(Statement st, String schema, String table) throws SQLException {
        List<String[]> indexes = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                 WHERE i.schemaname = '%s' AND i.tablename = '%s'
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass)
                 ORDER BY i.indexname""".formatted(schema, table))) {
            while (rs.next()) {
                indexes.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return indexes;
    }

    /** The follows, generated user by user and streamed into COPY; counts each user's followers and followings. */
    private long copyFollows(PGConnection pg, int[] followers, int[] following) throws SQLException, IOException {
        long follows = 0;
        BitSet chosen = new BitSet(users);
        int[] picked = new int[1_001];
        Progress progress = new Progress("follows", users);
        try (CopyRows rows = new CopyRows(pg, "COPY graph.follows (follower_id, following_id) FROM STDIN WITH (FREEZE)")) {
            for (int i = 0; i < users; i++) {
                // drawn until the user follows `count` distinct accounts (a popular one drawn twice
                // is drawn again), within a bound for a graph too small to have that many
                int count = Math.min(followCount(), users - 1);
                chosen.set(i);
                int n = 0;
                for (int k = 0; k < 4 * count && n < count; k++) {
                    int target = zipf();
                    if (!chosen.get(target)) {
                        chosen.set(target);
                        picked[n++] = target;
                        rows.number(userId(i)).tab().number(userId(target)).end();
                        followers[target]++;
                    }
                }
                chosen.clear(i);
                for (int k = 0; k < n; k++) {
                    chosen.clear(picked[k]);
                }
                following[i] = n;
                follows += n;
                if (i < FANOUT_FOLLOWERS) {
                    rows.number(userId(i)).tab().number(FANOUT_AUTHOR).end();
                    following[i]++;
                    follows++;
                }
                progress.at(i + 1, follows);
            }
        }
        progress.done(follows);
        return follows;
    }

    /** The users (and the fanout author), with the counts their follows and tweets give them. */
    private void copyUsers(PGConnection pg, int[] followers, int[] following) throws SQLException, IOException {
        Progress progress = new Progress("users", users);
        try (CopyRows rows = new CopyRows(pg, "COPY graph.users (id, username, display_name, password_hash, "
                + "follower_count, following_count, tweet_count) FROM STDIN")) {
            rows.number(FANOUT_AUTHOR).tab().text("bench_fanout").tab().text("Fanout author").tab().text("x").tab()
                    .number(Math.min(users, FANOUT_FOLLOWERS)).tab().number(0).tab().number(0).end();
            for (int i = 0; i < users; i++) {
                rows.number(userId(i)).tab().text("b").text(Long.toString(userId(i), 36)).tab().text("Bench user ").number(i)
                        .tab().text("x").tab().number(followers[i]).tab().number(following[i]).tab().number(tweetsOf(i)).end();
                progress.at(i + 1, i + 1);
            }
        }
        progress.done(users);
    }

    /** History: the most followed authors tweet more ({@link #tweetsOf}); ids are Snowflakes from the past hour. */
    private void copyTweets(PGConnection pg) throws SQLException, IOException {
        long base = Snowflake.firstIdAt(Instant.now().minusSeconds(3600));
        long sequence = 0;
        Progress progress = new Progress("tweets", users);
        try (CopyRows rows = new CopyRows(pg, "COPY tweets.tweets (id, author_id, content) FROM STDIN")) {
            for (int i = 0; i < users; i++) {
                for (int n = 0; n < tweetsOf(i); n++) {
                    long id = base + (++sequence << 8) + 77;
                    rows.number(id).tab().number(userId(i)).tab().text("bench tweet ").number(n).end();
                }
                progress.at(i + 1, sequence);
            }
        }
        progress.done(sequence);
    }

    private static int tweetsOf(int index) {
        return index < 200 ? 30 : index < 2_000 ? 10 : 2;
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
