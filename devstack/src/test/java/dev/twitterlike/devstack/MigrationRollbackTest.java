package dev.twitterlike.devstack;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every migration has a down script that really undoes it: the newest of each service rolled
 * back and applied again leaves the data there was; every service rolled back to nothing and
 * migrated again ends where it began.
 */
@UseDevStack(Infra.POSTGRES)
class MigrationRollbackTest {

    /** Surefire runs in the module's folder: the repository is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void schemas() {
        SiblingSchemas.migrate(SiblingSchemas.fixtures(), "graph-service", "graph", "tweet-service", "tweets",
                "trend-service", "trends", "notification-service", "notifications");
    }

    @Test
    void everyMigrationHasADownScript() {
        for (String service : Migrations.SCHEMAS.keySet()) {
            List<Integer> ups = Migrations.scripts(ROOT, service, 'V').stream().map(Migrations.Script::version).toList();
            List<Integer> downs = Migrations.scripts(ROOT, service, 'U').stream().map(Migrations.Script::version).toList();
            assertThat(ups).as(service).isNotEmpty();
            assertThat(downs).as("the down scripts of %s (db/rollback/U<n>__...sql)", service).isEqualTo(ups);
        }
    }

    @Test
    void theNewestMigrationOfEachServiceRolledBackAndAppliedAgainKeepsTheData() throws SQLException {
        long user = 990_000_000_001L;
        try (Connection admin = SiblingSchemas.fixtures().getConnection(); Statement s = admin.createStatement()) {
            s.execute("INSERT INTO graph.users (id, username, display_name, password_hash) VALUES (" + user + ", 'rollback_u', 'R', 'x') ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO tweets.tweets (id, author_id, content) VALUES (" + user + ", " + user + ", 'kept across a rollback') ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO notifications.notifications (id, recipient_id, actor_id, type, source_key, source_event_id) VALUES ("
                    + user + ", " + user + ", " + user + ", 'like', 'rollback-test', gen_random_uuid()) ON CONFLICT DO NOTHING");
        }
        for (String service : Migrations.SCHEMAS.keySet()) {
            String schema = Migrations.schemaOf(service);
            try (Connection owner = connect(service)) {
                int newest = latest(owner, schema);
                List<Integer> undone = Migrations.rollback(owner, ROOT, service, newest);
                assertThat(undone).as(service).containsExactly(newest);
                assertThat(latest(owner, schema)).as(service).isLessThan(newest);
            }
            migrate(service);
            try (Connection owner = connect(service)) {
                List<Migrations.Script> ups = Migrations.scripts(ROOT, service, 'V');
                assertThat(latest(owner, schema)).as(service + " migrated again").isEqualTo(ups.get(ups.size() - 1).version());
            }
        }
        assertThat(count("SELECT count(*) FROM graph.users WHERE id = " + user)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE id = " + user)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications.notifications WHERE id = " + user)).isEqualTo(1);
    }

    /** Each down script runs: all the way back to nothing, then forward again, for every service. */
    @Test
    void everyServiceRollsBackToNothingAndMigratesAgain() throws SQLException {
        for (String service : List.of("notification-service", "trend-service", "tweet-service", "graph-service")) {
            String schema = Migrations.schemaOf(service);
            try (Connection owner = connect(service)) {
                List<Integer> undone = Migrations.rollback(owner, ROOT, service, 1);
                List<Integer> newestFirst = Migrations.scripts(ROOT, service, 'V').stream().map(Migrations.Script::version)
                        .sorted(java.util.Comparator.reverseOrder()).toList();
                assertThat(undone).as(service).containsExactlyElementsOf(newestFirst);
                assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "' AND tablename <> 'flyway_schema_history'"))
                        .as("tables left in %s", schema).isZero();
            }
        }
        for (String service : List.of("graph-service", "tweet-service", "trend-service", "notification-service")) {
            migrate(service);
        }
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'graph' AND tablename = 'users'")).isEqualTo(1);
    }

    @Test
    void aRollbackWithoutADownScriptChangesNothing() throws SQLException {
        try (Connection owner = connect("trend-service")) {
            int before = latest(owner, "trends");
            assertThatThrownBy(() -> Migrations.rollback(owner, ROOT.resolve("no-such-repository"), "trend-service", before))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no down script");
            assertThat(latest(owner, "trends")).isEqualTo(before);
            assertThatThrownBy(() -> Migrations.rollback(owner, ROOT, "trend-service", 99))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Migrations.schemaOf("timeline-service")).isInstanceOf(IllegalArgumentException.class);
    }

    private static int latest(Connection c, String schema) throws SQLException {
        return Migrations.applied(c, schema).stream().mapToInt(Migrations.Applied::version).max().orElse(0);
    }

    private static void migrate(String service) {
        String schema = Migrations.schemaOf(service);
        Flyway.configure()
                .dataSource(DevStack.get().postgres().jdbcUrl(), PostgresNode.role(service), PostgresNode.testPassword(service))
                .schemas(schema).defaultSchema(schema)
                .locations("filesystem:../" + service + "/src/main/resources/db/migration",
                        "filesystem:../common/src/main/resources/db/read-grants")
                .load().migrate();
    }

    private static Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(DevStack.get().postgres().jdbcUrl(), PostgresNode.role(service), PostgresNode.testPassword(service));
    }

    private static long count(String sql) throws SQLException {
        try (Connection admin = SiblingSchemas.fixtures().getConnection(); Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
