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
 * other (permission denied), and reads in the others exactly the tables this test names, the
 * documented reads (docs/security.md). The four schemas are built from their owners'
 * migrations with the read grants, as the services build them.
 */
@UseDevStack(Infra.POSTGRES)
class DatabaseRolesTest {

    /** The schema each service owns; the timeline and the fanout worker own none. */
    private static final Map<String, String> OWNS = Migrations.SCHEMAS;

    /** What each service reads in other schemas, found in its SQL (and tweet-views'). */
    private static final Map<String, Set<String>> READS = Map.of(
            "graph-service", Set.of(),
            "tweet-service", Set.of("graph.users"),
            "timeline-service", Set.of("graph.users", "graph.follows", "tweets.tweets", "tweets.retweets", "tweets.likes"),
            "fanout-worker", Set.of("graph.users", "graph.follows", "tweets.tweets", "tweets.retweets"),
            "trend-service", Set.of("graph.users"),
            "notification-service", Set.of("graph.users", "tweets.tweets", "tweets.retweets", "tweets.likes"));

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
        }
        assertThat(TABLES).contains("graph.users", "graph.follows", "tweets.tweets", "trends.hashtag_activity",
                "notifications.notifications");
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
                for (String table : TABLES) {
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

    /** The readers of graph.users see the profile columns, never the password hash. */
    @Test
    void noOtherServiceReadsThePasswordHash() throws SQLException {
        for (String service : PostgresNode.SERVICES) {
            if (service.equals("graph-service")) {
                continue;
            }
            try (Connection c = connect(service)) {
                assertDenied(c, service, "SELECT password_hash FROM graph.users LIMIT 0");
                assertDenied(c, service, "SELECT * FROM graph.users LIMIT 0");
                if (READS.get(service).contains("graph.users")) {
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SELECT id, username, display_name, avatar_url FROM graph.users LIMIT 0").close();
                    }
                }
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
