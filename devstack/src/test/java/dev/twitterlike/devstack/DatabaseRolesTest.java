package dev.twitterlike.devstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's database role, connected as that role: it writes its own schema, writes no
 * other (permission denied), and reads in the others exactly the views this test names, the
 * ones their owners publish (docs/data-ownership.md), and no table at all. The four schemas are built from their owners'
 * migrations with the read grants, as the services build them.
 */
@UseDevStack(Infra.POSTGRES)
class DatabaseRolesTest {

    /** The schema each service owns; the timeline and the fanout worker own none. */
    private static final Map<String, String> OWNS = Migrations.SCHEMAS;

    /** What each service reads in other schemas, found in its SQL (and tweet-views'): published views only. */
    private static final Map<String, Set<String>> READS = Map.of(
            "graph-service", Set.of(),
            "tweet-service", Set.of("graph.user_summaries"),
            "timeline-service", Set.of("graph.user_summaries", "graph.follow_edges", "tweets.activity",
                    "tweets.visible_tweets", "tweets.like_edges", "tweets.retweet_edges"),
            "fanout-worker", Set.of("graph.user_summaries", "graph.follow_edges", "tweets.activity"),
            "trend-service", Set.of("graph.user_summaries"),
            "notification-service", Set.of("graph.user_summaries", "tweets.visible_tweets", "tweets.like_edges",
                    "tweets.retweet_edges"));
    private static final List<String> VIEWS = new ArrayList<>();

    private static final String PERMISSION_DENIED = "42501";
    private static final List<String> TABLES = new ArrayList<>();

    @BeforeAll
    static void schemas() throws SQLException {
        SiblingSchemas.migrate(SiblingSchemas.fixtures(), "graph-service", "graph", "tweet-service", "tweets",
                "trend-service", "trends", "notification-service", "notifications");
        try (Connection admin = SiblingSchemas.fixtures().getConnection(); Statement s = admin.createStatement()) {
            var rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables "
                    + "WHERE schemaname IN ('graph', 'tweets', 'trends', 'notifications') ORDER BY 1");
            while (rs.next()) {
                TABLES.add(rs.getString(1));
            }
            rs = s.executeQuery("SELECT schemaname || '.' || viewname FROM pg_views "
                    + "WHERE schemaname IN ('graph', 'tweets', 'trends', 'notifications') ORDER BY 1");
            while (rs.next()) {
                VIEWS.add(rs.getString(1));
            }
        }
        assertThat(TABLES).contains("graph.users", "graph.follows", "tweets.tweets", "trends.hashtag_activity",
                "notifications.notifications");
        assertThat(VIEWS).contains("graph.user_summaries", "tweets.activity");
    }

    @Test
    void theRolesAreTheServices() {
        assertThat(READS.keySet()).containsExactlyInAnyOrderElementsOf(PostgresNode.SERVICES);
    }

    @Test
    void eachOwnerWritesItsOwnSchema() throws SQLException {
        for (var owned : OWNS.entrySet()) {
            try (Connection c = connect(owned.getKey()); Statement s = c.createStatement()) {
                String schema = owned.getValue();
                s.execute("CREATE TABLE " + schema + ".role_probe (id int)");
                s.execute("INSERT INTO " + schema + ".role_probe VALUES (1)");
                s.execute("DROP TABLE " + schema + ".role_probe");
                for (String table : tablesOf(schema)) {
                    s.execute("DELETE FROM " + table + " WHERE false");
                }
            }
        }
    }

    @Test
    void noRoleWritesAnotherSchema() throws SQLException {
        for (String service : PostgresNode.SERVICES) {
            try (Connection c = connect(service)) {
                for (String table : TABLES) {
                    if (table.startsWith(OWNS.getOrDefault(service, "-") + ".")) {
                        continue;
                    }
                    assertDenied(c, service, "DELETE FROM " + table + " WHERE false");
                    assertDenied(c, service, "TRUNCATE " + table);
                }
                for (String schema : List.of("graph", "tweets", "trends", "notifications", "public")) {
                    if (!schema.equals(OWNS.get(service))) {
                        assertDenied(c, service, "CREATE TABLE " + schema + ".role_probe (id int)");
                    }
                }
            }
        }
    }

    @Test
    void eachRoleReadsExactlyWhatIsGranted() throws SQLException {
        for (String service : PostgresNode.SERVICES) {
            List<String> readable = new ArrayList<>();
            try (Connection c = connect(service); Statement s = c.createStatement()) {
                for (String table : relations()) {
                    if (table.startsWith(OWNS.getOrDefault(service, "-") + ".")) {
                        continue;
                    }
                    try {
                        s.executeQuery("SELECT 1 FROM " + table + " LIMIT 0").close();
                        readable.add(table);
                    } catch (SQLException e) {
                        assertThat(e.getSQLState()).as(service + " reading " + table).isEqualTo(PERMISSION_DENIED);
                    }
                }
            }
            assertThat(readable).as("what %s may read outside its own schema", service)
                    .containsExactlyInAnyOrderElementsOf(READS.get(service));
        }
    }

    /** Every grant names a view that exists and that its reader's code uses; no password column is published. */
    @Test
    void theReadsAreExactlyThePublishedViews() throws SQLException {
        Set<String> granted = new java.util.HashSet<>();
        READS.values().forEach(granted::addAll);
        assertThat(VIEWS).containsAll(granted);
        try (Connection c = SiblingSchemas.fixtures().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.columns "
                    + "WHERE column_name LIKE '%password%' AND table_schema IN ('graph', 'tweets')");
            while (rs.next()) {
                assertThat(VIEWS).as("a published view with a password column").doesNotContain(rs.getString(1));
            }
        }
    }

    @Test
    void aServiceRoleNeedsItsPassword() {
        try (Connection c = DriverManager.getConnection(url(), PostgresNode.role("tweet-service"), "wrong")) {
            throw new AssertionError("signed in with a wrong password");
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("28P01");
        }
    }

    private static void assertDenied(Connection c, String service, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            throw new AssertionError(service + " may run: " + sql);
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(service + ": " + sql + " (" + e.getMessage() + ")").isEqualTo(PERMISSION_DENIED);
        }
    }

    private static List<String> relations() {
        List<String> all = new ArrayList<>(TABLES);
        all.addAll(VIEWS);
        return all;
    }

    private static List<String> tablesOf(String schema) {
        return TABLES.stream().filter(t -> t.startsWith(schema + ".")).toList();
    }

    private static Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(url(), PostgresNode.role(service), PostgresNode.testPassword(service));
    }

    private static String url() {
        return System.getProperty("spring.datasource.url");
    }
}
