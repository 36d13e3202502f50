package dev.twitterlike.devstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A single-node Kafka in KRaft mode (broker and controller in one), running in this JVM.
 * The log directory is formatted on first start and kept when a data directory is given.
 */
public final class KafkaNode implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final boolean temporary;

    private KafkaNode(KafkaRaftServer server, int port, int controllerPort, Path dir, boolean temporary) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.temporary = temporary;
    }

    /**
     * @param port    the client port, or 0 for a free one
     * @param dataDir where the log lives; {@code null} for a temporary one removed on close
     */
    public static KafkaNode start(int port, Path dataDir) {
        int clientPort = port == 0 ? Ports.free() : port;
        // a kept log remembers its controller quorum: give it the same controller port every start
        int controllerPort = dataDir == null ? Ports.free() : clientPort + 1;
        try {
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("devstack-kafka") : dataDir.toAbsolutePath();
            return start(clientPort, controllerPort, dir, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    /**
     * Stops the broker and starts it again on the same ports with the same log, as a real
     * broker restart would: what was written before is still there afterwards.
     */
    public KafkaNode restart(Runnable whileDown) {
        server.shutdown();
        server.awaitShutdown();
        whileDown.run();
        return start(port, controllerPort, dir, temporary);
    }

    private static KafkaNode start(int clientPort, int controllerPort, Path dir, boolean temporary) {
        try {
            Path logDir = dir.resolve("log");
            Files.createDirectories(logDir);
            Properties props = properties(clientPort, controllerPort, logDir, temporary);
            Path propsFile = dir.resolve("server.properties");
            try (Writer writer = Files.newBufferedWriter(propsFile)) {
                props.store(writer, "written by devstack");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(propsFile);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            awaitListening(clientPort, Duration.ofSeconds(60));
            return new KafkaNode(server, clientPort, controllerPort, dir, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    private static Properties properties(int clientPort, int controllerPort, Path logDir, boolean temporary) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", temporary ? "5" : "25");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", temporary ? "5" : "25");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        if (temporary) {
            p.setProperty("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            p.setProperty("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        }
        return p;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitListening(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.listening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka is not listening on " + port + " after " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans what is left
        }
    }
}
