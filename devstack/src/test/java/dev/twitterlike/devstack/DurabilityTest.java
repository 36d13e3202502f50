package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the servers really run with, read back from them: the local stack ({@code run.sh},
 * {@code stack.sh}) keeps every acknowledged commit, the test stack trades that for speed.
 * zonky's builder once turned fsync and synchronous_commit off behind the durable flag's back.
 */
class DurabilityTest {

    @Test
    void theLocalStacksPostgresFlushesEveryCommitToDisk(@TempDir Path data) throws Exception {
        try (PostgresNode node = PostgresNode.startForTests(0, data.resolve("pg"), true)) {
            assertThat(settings(node)).containsExactly(
                    Map.entry("fsync", "on"), Map.entry("synchronous_commit", "on"), Map.entry("full_page_writes", "on"));
        }
    }

    @Test
    void theTestStacksPostgresIsFastAndSaysSo() {
        try (PostgresNode node = PostgresNode.startForTests(0, null, false)) {
            assertThat(settings(node)).containsExactly(
                    Map.entry("fsync", "off"), Map.entry("synchronous_commit", "off"), Map.entry("full_page_writes", "off"));
        }
    }

    /**
     * Commits acknowledged one by one, then the postmaster is killed with SIGKILL mid-stream (no
     * shutdown checkpoint, WAL buffers in shared memory are gone): after a restart on the same
     * data every acknowledged row is there.
     */
    @Test
    void everyAcknowledgedCommitSurvivesAKillOfTheServer(@TempDir Path data) throws Exception {
        Path dir = data.resolve("pg");
        int port = Ports.free();
        int acknowledged;
        PostgresNode node = PostgresNode.startForTests(port, dir, true);
        try (Connection c = connect(node)) {
            c.createStatement().execute("CREATE TABLE acked (id int PRIMARY KEY)");
            acknowledged = 0;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO acked VALUES (?)")) {
                long until = System.nanoTime() + Duration.ofMillis(700).toNanos();
                while (System.nanoTime() < until) {
                    insert.setInt(1, ++acknowledged);
                    insert.executeUpdate(); // autocommit: returns once the commit is acknowledged
                }
            }
            ProcessHandle.of(postmasterPid(dir)).orElseThrow().destroyForcibly();
        }
        awaitExit(dir);
        try {
            node.close();
        } catch (RuntimeException alreadyDead) {
            // pg_ctl stop finds no server: that is the point
        }
        try (PostgresNode restarted = PostgresNode.startForTests(port, dir, true); Connection c = connect(restarted)) {
            ResultSet rs = c.createStatement().executeQuery("SELECT count(*), max(id) FROM acked");
            rs.next();
            assertThat(acknowledged).isGreaterThan(10);
            assertThat(rs.getInt(1)).isEqualTo(acknowledged);
            assertThat(rs.getInt(2)).isEqualTo(acknowledged);
        }
    }

    @Test
    void theLocalStacksRedisAppendsEveryWriteToItsLog(@TempDir Path data) throws Exception {
        try (RedisNode node = RedisNode.start(0, data, RedisNode.TEST_PASSWORD)) {
            var client = io.lettuce.core.RedisClient.create("redis://" + RedisNode.USER + ":" + RedisNode.TEST_PASSWORD + "@127.0.0.1:" + node.port());
            try (var connection = client.connect()) {
                assertThat(connection.sync().configGet("appendonly")).containsEntry("appendonly", "yes");
                assertThat(connection.sync().configGet("appendfsync")).containsEntry("appendfsync", "everysec");
            } finally {
                client.shutdown();
            }
        }
    }

    private static Map<String, String> settings(PostgresNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = connect(node); Statement s = c.createStatement()) {
            for (String name : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                ResultSet rs = s.executeQuery("SHOW " + name);
                rs.next();
                values.put(name, rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    private static Connection connect(PostgresNode node) throws SQLException {
        return node.admin();
    }

    private static long postmasterPid(Path dir) throws Exception {
        return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    }

    private static void awaitExit(Path dir) throws Exception {
        long pid = postmasterPid(dir);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
}
