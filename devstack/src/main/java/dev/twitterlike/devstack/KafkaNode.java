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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kafka node in KRaft mode (broker and controller in one), running in this JVM: alone (a
 * single-node Kafka, the default) or as one member of a cluster of several such nodes whose
 * controllers form the quorum ({@link #startMember}; {@link KafkaCluster} runs three, each in its
 * own process). The log directory is formatted on first start and kept when a data directory is given.
 */
public final class KafkaNode implements AutoCloseable {

    /** A member of a local cluster: its node id, client port and controller port on loopback. */
    public record Member(int nodeId, int port, int controllerPort) {

        String voter() {
            return nodeId + "@127.0.0.1:" + controllerPort;
        }

        /** {@code 1@127.0.0.1:19093,2@127.0.0.1:19103,...} (controller.quorum.voters) as members; client port = controller port - 1. */
        static List<Member> parse(String voters) {
            List<Member> members = new ArrayList<>();
            for (String voter : voters.split(",")) {
                int at = voter.indexOf('@');
                int controllerPort = Integer.parseInt(voter.substring(voter.lastIndexOf(':') + 1));
                members.add(new Member(Integer.parseInt(voter.substring(0, at)), controllerPort - 1, controllerPort));
            }
            return members;
        }

        static String voters(List<Member> members) {
            return members.stream().map(Member::voter).collect(Collectors.joining(","));
        }
    }

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final boolean temporary;
    private final Properties props;

    private KafkaNode(KafkaRaftServer server, int port, int controllerPort, Path dir, boolean temporary, Properties props) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.temporary = temporary;
        this.props = props;
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
     * One member of a cluster whose voters are {@code members} (every member a broker and a
     * controller), its log in {@code dataDir}, formatted on first start with the cluster id kept
     * in {@code clusterIdFile} (made by the first member that starts, read by the others).
     * Topics default to as many copies as there are members and to {@code min.insync.replicas}
     * of a majority of them, so that {@code acks=all} means a majority has each write.
     */
    public static KafkaNode startMember(int nodeId, List<Member> members, Path dataDir, Path clusterIdFile) {
        Member self = members.stream().filter(m -> m.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("node " + nodeId + " is not among the voters " + Member.voters(members)));
        Path dir = dataDir.toAbsolutePath();
        Properties props = properties(self.port(), self.controllerPort(), dir.resolve("log"), false);
        props.setProperty("node.id", Integer.toString(nodeId));
        props.setProperty("controller.quorum.voters", Member.voters(members));
        String copies = Integer.toString(members.size());
        String majority = Integer.toString(members.size() / 2 + 1);
        props.setProperty("default.replication.factor", copies);
        props.setProperty("min.insync.replicas", majority);
        props.setProperty("offsets.topic.replication.factor", copies);
        props.setProperty("transaction.state.log.replication.factor", copies);
        props.setProperty("transaction.state.log.min.isr", majority);
        props.setProperty("share.coordinator.state.topic.replication.factor", copies);
        props.setProperty("share.coordinator.state.topic.min.isr", majority);
        // a replica that was not in sync never becomes leader: that would drop acknowledged writes
        props.setProperty("unclean.leader.election.enable", "false");
        // a broker killed without a word is fenced (its partitions get new leaders, the ISR shrinks)
        // after 4 s without a heartbeat instead of the default 9 s: loopback has no network delays
        props.setProperty("broker.heartbeat.interval.ms", "1000");
        props.setProperty("broker.session.timeout.ms", "4000");
        return start(props, self.port(), self.controllerPort(), dir, false, clusterId(clusterIdFile));
    }

    /**
     * Stops the broker and starts it again on the same ports with the same log, as a real
     * broker restart would: what was written before is still there afterwards.
     */
    public KafkaNode restart(Runnable whileDown) {
        server.shutdown();
        server.awaitShutdown();
        whileDown.run();
        return start(props, port, controllerPort, dir, temporary, null);
    }

    private static KafkaNode start(int clientPort, int controllerPort, Path dir, boolean temporary) {
        return start(properties(clientPort, controllerPort, dir.resolve("log"), temporary), clientPort, controllerPort, dir, temporary, null);
    }

    private static KafkaNode start(Properties props, int clientPort, int controllerPort, Path dir, boolean temporary, String clusterId) {
        try {
            Path logDir = dir.resolve("log");
            Files.createDirectories(logDir);
            Path propsFile = dir.resolve("server.properties");
            try (Writer writer = Files.newBufferedWriter(propsFile)) {
                props.store(writer, "written by devstack");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(propsFile, clusterId == null ? Uuid.randomUuid().toString() : clusterId);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            awaitListening(clientPort, Duration.ofSeconds(60));
            return new KafkaNode(server, clientPort, controllerPort, dir, temporary, props);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    /** The cluster id in {@code file}, made there by the first caller (a hard link: one wins, the others read it). */
    static String clusterId(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path fresh = Files.createTempFile(file.toAbsolutePath().getParent(), "kafka-cluster-id", ".new");
                Files.writeString(fresh, Uuid.randomUuid().toString());
                try {
                    Files.createLink(file, fresh);
                } catch (java.nio.file.FileAlreadyExistsException another) {
                    // another member made it first: use that one
                } finally {
                    Files.delete(fresh);
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the Kafka cluster id " + file, e);
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

    private static void format(Path propsFile, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {
                "format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"},
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
