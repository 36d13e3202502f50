package dev.twitterlike.devstack;

import com.zaxxer.hikari.HikariDataSource;
import dev.twitterlike.common.db.ReplicaReads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * common's {@link ReplicaReads} against a real primary and its streaming standby: lag-tolerant
 * reads go to the standby while it streams within the bound, back to the primary when its replay
 * falls behind or it stops, and to the standby again when it is back; the metrics say which.
 */
class ReplicaReadsTest {

    @TempDir
    static Path work;
    private static PostgresNode primary;
    private static PostgresNode standby;
    private static int standbyPort;

    @BeforeAll
    static void start() throws Exception {
        primary = PostgresNode.start(0, work.resolve("primary"), false, PostgresNode.TEST_ADMIN_PASSWORD,
                PostgresNode.testPasswords(), "test-replicator");
        standbyPort = Ports.free();
        PostgresReplication.cloneAsStandby(primary.port(), standbyPort, work.resolve("standby"),
                PostgresNode.TEST_ADMIN_PASSWORD, "test-replicator");
        standby = startStandby();
    }

    private static PostgresNode startStandby() {
        return PostgresNode.start(standbyPort, work.resolve("standby"), false, PostgresNode.TEST_ADMIN_PASSWORD,
                PostgresNode.testPasswords(), "test-replicator");
    }

    @AfterAll
    static void stop() {
        if (standby != null) {
            standby.close();
        }
        primary.close();
    }

    @Test
    void lagTolerantReadsGoToTheStandbyWithinTheBoundAndToThePrimaryOtherwise() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HikariDataSource primaryPool = pool("jdbc:postgresql://127.0.0.1:" + primary.port() + "/twitter");
                ReplicaReads reads = new ReplicaReads(primaryPool,
                        pool("jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standbyPort
                                + "/twitter?targetServerType=preferSecondary&hostRecheckSeconds=1"),
                        Duration.ofSeconds(2), Duration.ofMillis(100), meters)) {
            await().atMost(Duration.ofSeconds(10)).until(reads::onReplica);
            assertThat(serverPort(reads)).isEqualTo(standbyPort);
            assertThat(reads.lagSeconds()).isBetween(0.0, 2.0);
            assertThat(meters.get("twitter.db.replica.in.use").gauge().value()).isEqualTo(1);
            assertThat(meters.get("twitter.db.reads").tag("target", "replica").counter().count()).isEqualTo(1);

            // replay paused while the primary writes: the standby falls behind past the bound
            tick();
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.onReplica() && reads.lagSeconds() == 0);
            try (Connection c = standby.admin(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_wal_replay_pause()");
            }
            Thread.sleep(2500);
            tick();
            await().atMost(Duration.ofSeconds(10)).until(() -> !reads.onReplica());
            assertThat(reads.lagSeconds()).isGreaterThan(2.0);
            assertThat(serverPort(reads)).isEqualTo(primary.port());
            assertThat(meters.get("twitter.db.reads").tag("target", "primary").counter().count()).isEqualTo(1);
            assertThat(meters.get("twitter.db.replica.in.use").gauge().value()).isZero();

            try (Connection c = standby.admin(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_wal_replay_resume()");
            }
            await().atMost(Duration.ofSeconds(10)).until(reads::onReplica);

            // the standby stops: its pool reaches the primary, which is no replica
            standby.close();
            standby = null;
            await().atMost(Duration.ofSeconds(15)).until(() -> !reads.onReplica());
            assertThat(serverPort(reads)).isEqualTo(primary.port());
            assertThat(reads.lagSeconds()).isNaN();

            standby = startStandby();
            await().atMost(Duration.ofSeconds(20)).until(reads::onReplica);
            assertThat(serverPort(reads)).isEqualTo(standbyPort);
        }
    }

    @Test
    void withoutAReplicaEveryReadIsOnThePrimary() throws SQLException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HikariDataSource primaryPool = pool("jdbc:postgresql://127.0.0.1:" + primary.port() + "/twitter");
                ReplicaReads reads = ReplicaReads.primaryOnly(primaryPool, meters)) {
            assertThat(reads.onReplica()).isFalse();
            assertThat(serverPort(reads)).isEqualTo(primary.port());
            assertThat(reads.lagSeconds()).isNaN();
            assertThat(meters.get("twitter.db.reads").tag("target", "primary").counter().count()).isEqualTo(1);
        }
    }

    private static void tick() throws SQLException {
        try (Connection c = primary.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS graph.ticks (at timestamptz)");
            s.execute("INSERT INTO graph.ticks VALUES (now())");
        }
    }

    private static int serverPort(ReplicaReads reads) {
        return reads.sql("SELECT inet_server_port()").query(Integer.class).single();
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("graph_service");
        pool.setPassword(PostgresNode.testPassword("graph-service"));
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(2000);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }
}
