package dev.twitterlike.bench;

import dev.twitterlike.devstack.DevStack;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.devstack.SiblingSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bench's graph loader against a real PostgreSQL with graph-service's and tweet-service's
 * migrations: what it writes is what the services would have (counts that match the rows, every
 * index back), a reload replaces only the bench's rows, and a load that fails leaves the
 * previous graph as it was.
 */
class SocialGraphLoaderTest {

    private static DataSource db;

    @BeforeAll
    static void schemas() {
        DevStack.get().ensure(EnumSet.of(Infra.POSTGRES));
        db = SiblingSchemas.fixtures();
        SiblingSchemas.migrate(db, "graph-service", "graph", "tweet-service", "tweets");
    }

    @Test
    void aLoadWritesConsistentRowsKeepsEveryIndexAndAReloadReplacesOnlyTheBenchRows() throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            List<String> indexesBefore = indexes(st);
            st.execute("INSERT INTO graph.users (id, username, display_name, password_hash) VALUES "
                    + "(41, 'loader_real_a', 'A', 'x'), (42, 'loader_real_b', 'B', 'x') ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO graph.follows (follower_id, following_id) VALUES (41, 42) ON CONFLICT DO NOTHING");

            long follows = new SocialGraphLoader(3_000, 5).load(c);

            assertThat(follows).isGreaterThan(3_000L * 5);
            assertThat(count(st, "SELECT count(*) FROM graph.follows WHERE " + SocialGraphLoader.benchUser("follower_id")))
                    .isEqualTo(follows);
            assertThat(count(st, "SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id"))).isEqualTo(3_001);
            assertThat(indexes(st)).isEqualTo(indexesBefore);
            assertConsistent(st);
            // every user follows the fanout author (there are fewer than 10,000): its count says so
            assertThat(count(st, "SELECT follower_count FROM graph.users WHERE id = " + SocialGraphLoader.FANOUT_AUTHOR))
                    .isEqualTo(3_000);
            // a power law: the top account has many times the followers of the median one
            long top = count(st, "SELECT max(follower_count) FROM graph.users WHERE id >= " + SocialGraphLoader.FIRST_ID);
            long median = count(st, "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY follower_count) FROM graph.users WHERE id >= "
                    + SocialGraphLoader.FIRST_ID);
            assertThat(top).isGreaterThan(20 * Math.max(1, median));

            long smaller = new SocialGraphLoader(1_000, 5).load(c);

            assertThat(count(st, "SELECT count(*) FROM graph.follows WHERE " + SocialGraphLoader.benchUser("follower_id")))
                    .isEqualTo(smaller);
            assertThat(count(st, "SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id"))).isEqualTo(1_001);
            assertThat(count(st, "SELECT count(*) FROM graph.follows WHERE follower_id = 41 AND following_id = 42")).isEqualTo(1);
            assertThat(indexes(st)).isEqualTo(indexesBefore);
            assertConsistent(st);
        }
    }

    @Test
    void aLoadThatFailsHalfWayLeavesThePreviousGraphAndItsIndexes() throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            long follows = new SocialGraphLoader(800, 5).load(c);
            List<String> indexes = indexes(st);
            // a real user holding a bench user's name (usernames are unique without regard to case):
            // the users' COPY fails after the follows were written and their indexes dropped
            String taken = "B" + Long.toString(SocialGraphLoader.userId(1_500), 36);
            st.execute("INSERT INTO graph.users (id, username, display_name, password_hash) VALUES (43, '" + taken + "', 'C', 'x')");
            try {
                assertThatThrownBy(() -> new SocialGraphLoader(2_000, 5).load(c)).isInstanceOf(SQLException.class);
            } finally {
                st.execute("DELETE FROM graph.users WHERE id = 43");
            }
            assertThat(count(st, "SELECT count(*) FROM graph.follows WHERE " + SocialGraphLoader.benchUser("follower_id")))
                    .isEqualTo(follows);
            assertThat(count(st, "SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id"))).isEqualTo(801);
            assertThat(indexes(st)).isEqualTo(indexes);
            assertConsistent(st);
        }
    }

    /** Counts that match the rows, and no follow pointing at a user that is not there (its foreign keys were not checked). */
    private static void assertConsistent(Statement st) throws SQLException {
        assertThat(count(st, """
                SELECT count(*) FROM graph.users u WHERE %s AND u.follower_count <>
                    (SELECT count(*) FROM graph.follows f WHERE f.following_id = u.id)""".formatted(SocialGraphLoader.benchUser("u.id"))))
                .as("users whose follower_count is not their followers").isZero();
        assertThat(count(st, """
                SELECT count(*) FROM graph.users u WHERE %s AND u.following_count <>
                    (SELECT count(*) FROM graph.follows f WHERE f.follower_id = u.id)""".formatted(SocialGraphLoader.benchUser("u.id"))))
                .as("users whose following_count is not their followings").isZero();
        assertThat(count(st, """
                SELECT count(*) FROM graph.users u WHERE %s AND u.tweet_count <>
                    (SELECT count(*) FROM tweets.tweets t WHERE t.author_id = u.id)""".formatted(SocialGraphLoader.benchUser("u.id"))))
                .as("users whose tweet_count is not their tweets").isZero();
        assertThat(count(st, """
                SELECT count(*) FROM graph.follows f
                 WHERE NOT EXISTS (SELECT 1 FROM graph.users u WHERE u.id = f.follower_id)
                    OR NOT EXISTS (SELECT 1 FROM graph.users u WHERE u.id = f.following_id)"""))
                .as("follows of users that do not exist").isZero();
        assertThat(count(st, "SELECT count(*) FROM graph.follows WHERE follower_id = following_id")).isZero();
    }

    private static List<String> indexes(Statement st) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = 'graph' AND tablename = 'follows' "
                + "ORDER BY indexname")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(4);
        return indexes;
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
