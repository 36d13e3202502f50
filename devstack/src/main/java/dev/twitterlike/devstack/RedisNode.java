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
 */
public final class RedisNode implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisNode(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param port    the port, or 0 for a free one
     * @param dataDir where the append-only file lives; {@code null} for a memory-only server
     */
    public static RedisNode start(int port, Path dataDir) {
        int chosen = port == 0 ? Ports.free() : port;
        try {
            RedisServerBuilder builder = RedisServer.newRedisServer()
                    .executableProvider(executable())
                    .bind("127.0.0.1")
                    .port(chosen)
                    .setting("protected-mode no");
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setting("dir " + dataDir.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec")
                        .setting("save 60 1");
            } else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            RedisServer server = builder.build();
            server.start();
            return new RedisNode(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + chosen, e);
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
