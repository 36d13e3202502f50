package dev.twitterlike.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * PostgreSQL's own streaming replication between two devstack servers (docs/cluster.md,
 * "PostgreSQL with a replica"): a standby is cloned from the primary's base backup (the one
 * {@link Backups} makes, so no {@code pg_basebackup} is needed) and follows the primary's WAL
 * through a physical replication slot; {@link #promote} turns it into the primary
 * ({@code scripts/failover.sh}).
 *
 * <p>Which server is the primary lives in the data, as in PostgreSQL itself: a data directory
 * with {@code standby.signal} starts as a standby of the {@code primary_conninfo} it holds, one
 * without starts as a primary. The services find the primary (and the standby) by asking each
 * server, with pgjdbc's {@code targetServerType}, so a promotion needs no configuration change.
 *
 * <p>Replication is asynchronous: a write is acknowledged once it is durable on the primary.
 * What a failover can lose is what the standby had not received when the primary died: the
 * replication lag at that moment (measured by the failover test, docs/cluster.md).
 */
public final class PostgresReplication {

    /** The role a standby connects as to stream WAL (password: the secret {@code db-replication}). */
    public static final String ROLE = "replicator";
    /** The file that makes a data directory start as a standby. */
    public static final String STANDBY_SIGNAL = "standby.signal";

    private PostgresReplication() {
    }

    /** The replication role, with this password (on a primary, at every start). */
    static void provisionRole(Connection admin, String password) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN
                        CREATE ROLE %s WITH REPLICATION LOGIN;
                      END IF;
                    END $$""".formatted(ROLE, ROLE));
            statement.execute("ALTER ROLE " + ROLE + " PASSWORD " + PostgresNode.literal(password));
        }
    }

    /** The slot that keeps the primary's WAL for the standby on {@code standbyPort}. */
    static String slotOf(int standbyPort) {
        return "standby_" + standbyPort;
    }

    /**
     * Makes {@code into} (absent or empty) a standby of the primary on {@code primaryPort}, to be
     * started on {@code standbyPort}: a slot on the primary first (so the WAL from the backup on
     * is kept), the base backup unpacked, then {@code standby.signal}, the connection to the
     * primary and the same password rules as a primary's.
     */
    public static void cloneAsStandby(int primaryPort, int standbyPort, Path into, String adminPassword,
            String replicationPassword) throws SQLException, IOException {
        String slot = slotOf(standbyPort);
        if (Files.isDirectory(into)) {
            try (var inside = Files.list(into)) {
                if (inside.findAny().isPresent()) {
                    throw new IllegalArgumentException(into + " is not empty; a standby is cloned into an empty directory");
                }
            }
        }
        Path scratch = Files.createTempDirectory(into.toAbsolutePath().getParent(), "clone-");
        try (Connection admin = connect(primaryPort, adminPassword)) {
            if (inRecovery(admin)) {
                throw new IllegalStateException("the server on port " + primaryPort + " is a standby itself; clone the primary");
            }
            try (Statement s = admin.createStatement()) {
                // a slot left by an earlier standby on this port holds WAL for a clone that is gone
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND NOT active");
                s.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
            }
            Backups.Made made = Backups.backup(admin, scratch, 1);
            if (Files.isDirectory(into)) {
                Files.delete(into); // empty: extract refuses anything else
            }
            Backups.extract(made.file(), into);
        } finally {
            Backups.deleteTree(scratch);
        }
        Files.writeString(into.resolve(STANDBY_SIGNAL), "");
        Files.writeString(into.resolve("postgresql.auto.conf"), """

                # written by devstack's clone (PostgresReplication): this server follows the primary
                primary_conninfo = 'host=127.0.0.1 port=%d user=%s password=%s application_name=%s'
                primary_slot_name = '%s'
                """.formatted(primaryPort, ROLE, replicationPassword.replace("'", "''"), slot, slot),
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(into.resolve("pg_hba.conf"), PostgresNode.HBA);
    }

    /** Promotes the standby on {@code port}; returns once it accepts writes (at most 60 s). */
    public static void promote(int port, String adminPassword) throws SQLException {
        try (Connection admin = connect(port, adminPassword)) {
            if (!inRecovery(admin)) {
                throw new IllegalStateException("the server on port " + port + " is a primary already");
            }
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_promote(true, 60)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("the standby on port " + port + " did not finish its promotion in 60 s");
                }
            }
        }
    }

    /** What the server on this port is: {@code primary}, {@code standby}, or empty when it does not answer. */
    public static Optional<String> role(int port, String adminPassword) {
        try (Connection admin = connect(port, adminPassword)) {
            return Optional.of(inRecovery(admin) ? "standby" : "primary");
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** A standby's state: whether it streams from its primary, and the WAL it has received and replayed. */
    public record StandbyState(boolean streaming, String receivedLsn, String replayedLsn, double lagSeconds) {
    }

    public static StandbyState standbyState(int port, String adminPassword) throws SQLException {
        try (Connection admin = connect(port, adminPassword); Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),
                               pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text,
                               CASE WHEN coalesce(pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(), true) THEN 0
                                    ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 'Infinity') END::float8
                        """)) {
            rs.next();
            return new StandbyState(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getDouble(4));
        }
    }

    /**
     * <pre>
     * devstack replication clone --from PORT --port PORT --data DIR --secrets DIR   DIR (empty) a standby of the primary on --from
     * devstack replication role    --port PORT --secrets DIR   prints primary, standby or down (exit 0, 0, 3)
     * devstack replication state   --port PORT --secrets DIR   a standby's streaming state and lag
     * devstack replication promote --port PORT --secrets DIR   the standby becomes the primary
     * </pre>
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            usage();
        }
        int from = 0;
        int port = 0;
        Path data = null;
        Path secrets = null;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--from" -> from = Integer.parseInt(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]).toAbsolutePath();
                case "--secrets" -> secrets = Path.of(args[i + 1]).toAbsolutePath();
                default -> usage();
            }
        }
        if (port == 0 || secrets == null) {
            usage();
        }
        String admin = DevStackMain.secret(secrets, "db-admin");
        try {
            switch (args[0]) {
                case "clone" -> {
                    if (from == 0 || data == null) {
                        usage();
                    }
                    long t0 = System.nanoTime();
                    cloneAsStandby(from, port, data, admin, DevStackMain.secret(secrets, "db-replication"));
                    System.out.printf("devstack: %s is a standby of 127.0.0.1:%d (cloned in %d ms)%n", data, from,
                            (System.nanoTime() - t0) / 1_000_000);
                }
                case "role" -> {
                    Optional<String> role = role(port, admin);
                    System.out.println(role.orElse("down"));
                    System.exit(role.isPresent() ? 0 : 3);
                }
                case "state" -> {
                    StandbyState state = standbyState(port, admin);
                    System.out.printf("streaming=%s received=%s replayed=%s lag=%.3fs%n", state.streaming(),
                            state.receivedLsn(), state.replayedLsn(), state.lagSeconds());
                }
                case "promote" -> {
                    long t0 = System.nanoTime();
                    promote(port, admin);
                    System.out.printf("devstack: 127.0.0.1:%d promoted to primary in %d ms%n", port, (System.nanoTime() - t0) / 1_000_000);
                }
                default -> usage();
            }
        } catch (SQLException | IOException | IllegalStateException e) {
            System.err.println("devstack replication " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: devstack replication clone --from PORT --port PORT --data DIR --secrets DIR\n"
                + "       devstack replication role|state|promote --port PORT --secrets DIR");
        System.exit(64);
    }

    private static boolean inRecovery(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Connection connect(int port, String adminPassword) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", PostgresNode.USER);
        props.setProperty("password", adminPassword);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + PostgresNode.DATABASE, props);
    }
}
