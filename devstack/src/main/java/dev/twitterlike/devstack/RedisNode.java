package dev.twitterlike.devstack;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Redis-protocol server: {@code valkey-server} or {@code redis-server} when one is on
 * the PATH, otherwise the Redis binary bundled with embedded-redis.
 *
 * <p>With a password, the server knows one ACL user, {@link #USER}, and no {@code default}
 * user: a client that does not sign in can run no command at all (docker compose's Valkey has
 * the same ACL). The ACL file holds only the password's SHA-256.
 */
public final class RedisNode implements AutoCloseable {

    /** The one ACL user every client signs in as. */
    public static final String USER = "twitter";
    /** The tests' fixed password; the suite's is generated (scripts/lib.sh). */
    public static final String TEST_PASSWORD = "test-valkey";

    private final RedisServer server;
    private final int port;

    private RedisNode(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param port    the port, or 0 for a free one
     * @param dataDir where the append-only file lives; {@code null} for a memory-only server
     * @param password {@link #USER}'s password
     */
    public static RedisNode start(int port, Path dataDir, String password) {
        return start(port, dataDir, password, null);
    }

    /**
     * A node of a Valkey Cluster ({@link ValkeyCluster}): cluster mode on, its {@code nodes.conf}
     * in {@code configDir} (kept across restarts, so a restarted node rejoins as what it was), a
     * replica authenticating to its master as {@link #USER}. Without a data directory its data is
     * in memory only, as a standalone node's is.
     */
    static RedisNode startClusterNode(int port, Path dataDir, Path configDir, String password) {
        return start(port, dataDir, password, configDir);
    }

    private static RedisNode start(int port, Path dataDir, String password, Path clusterDir) {
        int chosen = port == 0 ? Ports.free() : port;
        try {
            Path dir = dataDir != null ? Files.createDirectories(dataDir)
                    : clusterDir != null ? Files.createDirectories(clusterDir) : Files.createTempDirectory("devstack-redis");
            Path acl = dir.resolve("users.acl");
            Files.writeString(acl, aclFile(password));
            RedisServerBuilder builder = RedisServer.newRedisServer()
                    .executableProvider(executable())
                    .bind("127.0.0.1")
                    .port(chosen)
                    .setting("protected-mode yes")
                    .setting("aclfile " + acl.toAbsolutePath());
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setting("dir " + dataDir.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec")
                        .setting("save 60 1");
            } else {
                builder.setting("save \"\"").setting("appendonly no");
                if (clusterDir != null) {
                    builder.setting("dir " + dir.toAbsolutePath());
                }
            }
            if (clusterDir != null) {
                // failover within seconds of a master's death (the replica waits twice the node
                // timeout), whatever the replica's own last contact with it was
                builder.setting("cluster-enabled yes")
                        .setting("cluster-config-file nodes.conf")
                        .setting("cluster-node-timeout " + ValkeyCluster.NODE_TIMEOUT_MS)
                        .setting("cluster-replica-validity-factor 0")
                        .setting("masteruser " + USER)
                        .setting("masterauth " + password);
            }
            RedisServer server = builder.build();
            server.start();
            return new RedisNode(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + chosen, e);
        }
    }

    /** The ACL: no anonymous {@code default} user, one user with every command and key. */
    static String aclFile(String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("Valkey needs a password");
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "user default off resetpass -@all\n"
                    + "user " + USER + " on #" + java.util.HexFormat.of().formatHex(hash) + " ~* &* +@all\n";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExecutableProvider executable() {
        for (String name : List.of("valkey-server", "redis-server")) {
            try {
                return ExecutableProvider.newExecutableInPath(name);
            } catch (FileNotFoundException notOnPath) {
                // try the next one, then the bundled binary
            }
        }
        return ExecutableProvider.newJarResourceProvider();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
