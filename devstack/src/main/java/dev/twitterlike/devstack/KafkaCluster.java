package dev.twitterlike.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A local Kafka cluster for tests: {@code size} KRaft nodes, each a broker and a controller
 * ({@link KafkaNode#startMember}), each in its own JVM started from this JVM's class path
 * ({@code DevStackMain kafka --node N}, as scripts/stack.sh starts them with CLUSTER=on), so that
 * one can be killed with SIGKILL, as a crash would, and started again on the same log.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<KafkaNode.Member> members;
    private final Process[] processes;

    private KafkaCluster(Path dir, List<KafkaNode.Member> members) {
        this.dir = dir;
        this.members = members;
        this.processes = new Process[members.size()];
    }

    /** Starts every node at once (each waits for a quorum of the others) and returns once all serve. */
    public static KafkaCluster start(int size) {
        List<KafkaNode.Member> members = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            int port = freePair(members);
            members.add(new KafkaNode.Member(id, port, port + 1));
        }
        KafkaCluster cluster;
        try {
            cluster = new KafkaCluster(Files.createTempDirectory("devstack-kafka-cluster"), members);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (KafkaNode.Member member : members) {
                cluster.launch(member.nodeId());
            }
            for (KafkaNode.Member member : members) {
                cluster.awaitReady(member.nodeId());
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<KafkaNode.Member> members() {
        return members;
    }

    /** Every node's client address: what a client's bootstrap.servers lists. */
    public String bootstrapServers() {
        return members.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
    }

    /** SIGKILL to the node's process (no controlled shutdown, no flush), and waits until it is gone. */
    public void kill(int nodeId) {
        Process process = processes[nodeId - 1];
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("kafka-" + nodeId + " still runs 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a killed node again on its ports and log; returns once it serves. */
    public void restart(int nodeId) {
        if (processes[nodeId - 1].isAlive()) {
            throw new IllegalStateException("kafka-" + nodeId + " is running");
        }
        launch(nodeId);
        awaitReady(nodeId);
    }

    private void launch(int nodeId) {
        Path data = dir.resolve("kafka-" + nodeId);
        Path log = dir.resolve("kafka-" + nodeId + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DevStackMain.class.getName(),
                "kafka", "--port", Integer.toString(members.get(nodeId - 1).port()), "--data", data.toString(),
                "--node", Integer.toString(nodeId), "--voters", KafkaNode.Member.voters(members),
                "--cluster-id", dir.resolve("cluster-id").toString());
        try {
            Files.deleteIfExists(log);
            processes[nodeId - 1] = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("kafka-" + nodeId + " did not start", e);
        }
    }

    private void awaitReady(int nodeId) {
        Path log = dir.resolve("kafka-" + nodeId + ".log");
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try {
            while (true) {
                String text = Files.exists(log) ? Files.readString(log) : "";
                if (text.contains("devstack: kafka-" + nodeId + " ready")) {
                    return;
                }
                if (!processes[nodeId - 1].isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("kafka-" + nodeId + (processes[nodeId - 1].isAlive() ? " not ready after " + START_LIMIT : " exited")
                            + "; its log ends:\n" + text.substring(Math.max(0, text.length() - 3000)));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client port whose controller port (the next one) is free too, and neither already taken by an earlier member. */
    private static int freePair(List<KafkaNode.Member> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = Ports.free();
            boolean clash = taken.stream().anyMatch(m -> Math.abs(m.port() - port) <= 1);
            if (!clash && port < 65535 && !Ports.listening(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free neighbouring ports on loopback");
    }

    /** SIGKILL to every node still running (a test's cluster: its logs go with it), then deletes its directory. */
    @Override
    public void close() {
        for (Process process : processes) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            if (process != null) {
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans what is left
        }
    }
}
