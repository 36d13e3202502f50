package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Streaming replication between two real PostgreSQL 17 servers: a standby cloned from the
 * primary follows its writes and refuses its own; promoted, it takes writes, keeps everything the
 * old primary had sent it, and a client configured with both hosts ({@code targetServerType})
 * finds the new primary without a change; a promoted standby restarts as a primary.
 */
class PostgresReplicationTest {

    private static final String REPLICATION_PASSWORD = "test-replicator";

    @TempDir
    Path work;

    @Test
    void aStandbyFollowsThePrimaryAndTakesOverWhenPromoted() throws Exception {
        int standbyPort = Ports.free();
        PostgresNode standby;
        String multiHost;
        try (PostgresNode primary = PostgresNode.start(0, work.resolve("primary"), true, PostgresNode.TEST_ADMIN_PASSWORD,
                PostgresNode.testPasswords(), REPLICATION_PASSWORD)) {
            try (Connection c = primary.admin(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE graph.items (id BIGINT PRIMARY KEY)");
                s.execute("ALTER TABLE graph.items OWNER TO graph_service");
                s.execute("INSERT INTO graph.items SELECT generate_series(1, 1000)");
            }
            assertThat(PostgresReplication.role(primary.port(), PostgresNode.TEST_ADMIN_PASSWORD)).contains("primary");

            PostgresReplication.cloneAsStandby(primary.port(), standbyPort, work.resolve("standby"),
                    PostgresNode.TEST_ADMIN_PASSWORD, REPLICATION_PASSWORD);
            assertThat(work.resolve("standby").resolve(PostgresReplication.STANDBY_SIGNAL)).exists();
            standby = PostgresNode.start(standbyPort, work.resolve("standby"), true, PostgresNode.TEST_ADMIN_PASSWORD,
                    PostgresNode.testPasswords(), REPLICATION_PASSWORD);
            assertThat(PostgresReplication.role(standbyPort, PostgresNode.TEST_ADMIN_PASSWORD)).contains("standby");

            // written after the clone: it arrives by streaming, not in the base backup
            try (Connection c = primary.admin(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO graph.items SELECT generate_series(1001, 1500)");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> count(standby) == 1500);
            var state = PostgresReplication.standbyState(standbyPort, PostgresNode.TEST_ADMIN_PASSWORD);
            assertThat(state.streaming()).isTrue();
            assertThat(state.receivedLsn()).isEqualTo(state.replayedLsn());
            assertThat(state.lagSeconds()).isZero();

            // a service's role logs in on the standby (the password came with the WAL) and cannot write there
            try (Connection service = serviceConnection(standbyPort); Statement s = service.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO graph.items VALUES (0)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            }
            multiHost = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standbyPort + "/twitter";
            try (Connection c = DriverManager.getConnection(multiHost + "?targetServerType=primary", "graph_service",
                    PostgresNode.testPassword("graph-service"))) {
                assertThat(c.getMetaData().getURL()).isNotNull();
                assertThat(port(c)).isEqualTo(primary.port());
            }
            try (Connection c = DriverManager.getConnection(multiHost + "?targetServerType=preferSecondary", "graph_service",
                    PostgresNode.testPassword("graph-service"))) {
                assertThat(port(c)).isEqualTo(standbyPort);
            }
        } // the primary stops here

        try {
            assertThatThrownBy(() -> PostgresReplication.promote(Ports.free(), PostgresNode.TEST_ADMIN_PASSWORD))
                    .isInstanceOf(SQLException.class);
            PostgresReplication.promote(standbyPort, PostgresNode.TEST_ADMIN_PASSWORD);
            assertThat(PostgresReplication.role(standbyPort, PostgresNode.TEST_ADMIN_PASSWORD)).contains("primary");
            assertThat(work.resolve("standby").resolve(PostgresReplication.STANDBY_SIGNAL)).doesNotExist();
            assertThat(count(standby)).isEqualTo(1500);
            try (Connection c = DriverManager.getConnection(multiHost + "?targetServerType=primary", "graph_service",
                    PostgresNode.testPassword("graph-service")); Statement s = c.createStatement()) {
                assertThat(port(c)).isEqualTo(standbyPort);
                s.execute("INSERT INTO graph.items VALUES (1501)");
            }
            assertThatThrownBy(() -> PostgresReplication.promote(standbyPort, PostgresNode.TEST_ADMIN_PASSWORD))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("primary already");
        } finally {
            standby.close();
        }
        // the promoted data directory is a primary's now: it starts as one, provisioned as one
        try (PostgresNode again = PostgresNode.start(standbyPort, work.resolve("standby"), true, PostgresNode.TEST_ADMIN_PASSWORD,
                PostgresNode.testPasswords(), REPLICATION_PASSWORD)) {
            assertThat(PostgresReplication.role(again.port(), PostgresNode.TEST_ADMIN_PASSWORD)).contains("primary");
            assertThat(count(again)).isEqualTo(1501);
        }
    }

    @Test
    void aStandbyIsClonedFromAPrimaryOnly() throws Exception {
        try (PostgresNode primary = PostgresNode.start(0, work.resolve("p"), false, PostgresNode.TEST_ADMIN_PASSWORD,
                PostgresNode.testPasswords(), REPLICATION_PASSWORD)) {
            Files.createDirectories(work.resolve("busy"));
            Files.writeString(work.resolve("busy").resolve("something"), "x");
            assertThatThrownBy(() -> PostgresReplication.cloneAsStandby(primary.port(), Ports.free(), work.resolve("busy"),
                    PostgresNode.TEST_ADMIN_PASSWORD, REPLICATION_PASSWORD)).hasMessageContaining("not empty");
        }
    }

    private static long count(PostgresNode node) throws SQLException {
        try (Connection c = node.admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM graph.items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection serviceConnection(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/twitter", "graph_service",
                PostgresNode.testPassword("graph-service"));
    }

    private static int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
