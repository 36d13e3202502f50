package dev.twitterlike.devstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The physical backup against a real PostgreSQL 17 with its data directory on disk: what was
 * committed before the backup ends comes back in a server started on the unpacked archive, with
 * this installation's role passwords; writes during the backup leave it consistent; only the
 * newest backups are kept; verify compares every table's row count.
 */
class BackupsTest {

    @TempDir
    static Path work;
    private static PostgresNode source;

    @BeforeAll
    static void start() throws SQLException {
        source = PostgresNode.startForTests(0, work.resolve("source"), false);
        try (Connection c = source.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE graph.items (id BIGINT PRIMARY KEY, body TEXT NOT NULL)");
            s.execute("ALTER TABLE graph.items OWNER TO graph_service");
            s.execute("INSERT INTO graph.items SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            s.execute("CREATE TABLE tweets.other (id INT)");
            s.execute("INSERT INTO tweets.other SELECT generate_series(1, 7)");
        }
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    @Test
    void theServerIsTheMajorVersionBackupsAreReadBy() throws SQLException {
        try (Connection c = source.admin(); Statement s = c.createStatement(); var rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1) / 10000).isEqualTo(PostgresNode.MAJOR_VERSION);
        }
    }

    @Test
    void aBackupTakenWhileRowsAreWrittenRestoresEverythingCommittedBeforeItAndIsConsistent() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = source.admin(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS graph.during (id BIGINT PRIMARY KEY)");
                while (writing.get()) {
                    s.execute("INSERT INTO graph.during VALUES (" + written.incrementAndGet() + ")");
                }
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 50);
        long before = written.get();
        Backups.Made made;
        try (Connection admin = source.admin()) {
            made = Backups.backup(admin, work.resolve("consistent"), 7);
        }
        long after = written.get();
        writing.set(false);
        writer.join();
        assertThat(made.file().getFileName().toString()).matches("twitter-\\d{8}T\\d{6}Z\\.tar\\.gz");
        assertThat(made.walSegments()).isPositive();
        assertThat(made.bytes()).isPositive();

        Path restoredData = work.resolve("restored");
        Backups.extract(made.file(), restoredData);
        try (PostgresNode restored = PostgresNode.startForTests(0, restoredData, false);
                Connection c = restored.admin(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*), max(id) FROM graph.during");
            rs.next();
            long rows = rs.getLong(1);
            // every row is a committed transaction: the restored table has no gap and stops between the two readings
            assertThat(rows).isEqualTo(rs.getLong(2)).isBetween(before - 1, after + 1);
            rs = s.executeQuery("SELECT count(*), count(DISTINCT body) FROM graph.items");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(20000);
            // the role passwords are this installation's, set by devstack's start on the restored cluster
            try (Connection owner = DriverManager.getConnection(restored.jdbcUrl(), "graph_service", PostgresNode.testPassword("graph-service"));
                    Statement o = owner.createStatement()) {
                var own = o.executeQuery("SELECT count(*) FROM graph.items WHERE id <= 100");
                own.next();
                assertThat(own.getLong(1)).isEqualTo(100);
            }
        }
    }

    @Test
    void onlyTheNewestBackupsAreKept() throws Exception {
        Path dir = work.resolve("kept");
        List<Path> made = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (Connection admin = source.admin()) {
                made.add(Backups.backup(admin, dir, 2).file());
            }
            // backups are named by the second: the next one in the next second
            long second = java.time.Instant.now().getEpochSecond();
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> java.time.Instant.now().getEpochSecond() > second);
        }
        assertThat(Backups.list(dir)).containsExactly(made.get(1), made.get(2));
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
        }
    }

    @Test
    void verifyComparesEveryTablesRowCountWithTheSource() throws Exception {
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("db-admin"), PostgresNode.TEST_ADMIN_PASSWORD);
        for (String service : PostgresNode.SERVICES) {
            Files.writeString(secrets.resolve("db-" + service), PostgresNode.testPassword(service));
        }
        Path file;
        try (Connection admin = source.admin()) {
            file = Backups.backup(admin, work.resolve("verified"), 7).file();
        }
        assertThat(Backups.verify(source.jdbcUrl(), secrets, file)).isTrue();
        try (Connection c = source.admin(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tweets.other VALUES (8)");
        }
        assertThat(Backups.verify(source.jdbcUrl(), secrets, file)).isFalse();
        try (Connection c = source.admin(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM tweets.other WHERE id = 8");
        }
        // the scratch server and its files are gone
        try (var left = Files.list(work.resolve("verified"))) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void rowCountsAreComparedTableByTable() {
        List<Backups.Count> counts = Backups.compare(Map.of("a.x", 3L, "a.y", 1L), Map.of("a.x", 3L, "a.z", 2L));
        assertThat(counts).containsExactly(new Backups.Count("a.x", 3, 3), new Backups.Count("a.y", 1, -1),
                new Backups.Count("a.z", -1, 2));
        assertThat(counts.stream().filter(Backups.Count::equal)).hasSize(1);
    }

    @Test
    void aBackupIsUnpackedOnlyIntoAnEmptyDirectory() throws IOException {
        Path busy = Files.createDirectories(work.resolve("busy"));
        Files.writeString(busy.resolve("something"), "x");
        assertThatThrownBy(() -> Backups.extract(work.resolve("no-such.tar.gz"), busy))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    }
}
