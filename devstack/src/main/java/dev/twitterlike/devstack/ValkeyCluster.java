package dev.twitterlike.devstack;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Valkey Cluster on loopback: {@link #MASTERS} masters, each with one replica, from the same
 * {@code valkey-server}/{@code redis-server} binary a standalone {@link RedisNode} runs. The
 * 16,384 slots are split evenly over the masters; the first {@link #MASTERS} ports are the
 * masters, the next ones their replicas in the same order.
 *
 * <p>Two ways to use it: the tests start all six nodes in this JVM ({@link #start}); the suite
 * ({@code scripts/stack.sh} with {@code CLUSTER=on}) runs each node as its own process, so that
 * one master can be killed, and then forms the cluster once with {@link #form} (devstack's
 * {@code redis-cluster} command). Forming is idempotent: a cluster that is already up (its
 * {@code nodes.conf} files kept in the data directories) is only waited for.
 */
public final class ValkeyCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ValkeyCluster.class);

    public static final int MASTERS = 3;
    public static final int NODES = MASTERS * 2;
    public static final int SLOTS = 16384;
    /** How long a node may be unreachable before the others mark it failed (its replica then takes over). */
    static final int NODE_TIMEOUT_MS = 2000;

    private final List<Integer> ports;
    private final List<Path> configDirs;
    private final String password;
    private final List<RedisNode> nodes;

    private ValkeyCluster(List<Integer> ports, List<Path> configDirs, String password, List<RedisNode> nodes) {
        this.ports = ports;
        this.configDirs = configDirs;
        this.password = password;
        this.nodes = nodes;
    }

    /** Six memory-only nodes on free ports in this JVM, formed into a cluster (the tests' cluster). */
    public static ValkeyCluster start(String password) {
        List<Integer> ports = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        List<RedisNode> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int port = freeClusterPort();
            Path dir = temporaryDirectory("devstack-valkey-cluster-" + port);
            ports.add(port);
            dirs.add(dir);
            nodes.add(RedisNode.startClusterNode(port, null, dir, password));
        }
        form(ports, password);
        return new ValkeyCluster(List.copyOf(ports), List.copyOf(dirs), password, nodes);
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int freeClusterPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = Ports.free();
            if (port + 10000 < 65536 && !Ports.listening(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: Spring Boot's {@code spring.data.redis.cluster.nodes}. */
    public String nodesProperty() {
        return nodesProperty(ports);
    }

    public static String nodesProperty(List<Integer> ports) {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return ports;
    }

    /**
     * Stops every node, runs {@code whileDown}, and starts them again on the same ports with the
     * same cluster configuration (memory-only data is gone, as after a standalone restart).
     */
    public synchronized void restart(Runnable whileDown) {
        nodes.forEach(RedisNode::close);
        try {
            whileDown.run();
        } finally {
            for (int i = 0; i < NODES; i++) {
                nodes.set(i, RedisNode.startClusterNode(ports.get(i), null, configDirs.get(i), password));
            }
            awaitHealthy(ports, password, Duration.ofSeconds(30));
        }
    }

    /** Stops one node (the others see it fail after {@link #NODE_TIMEOUT_MS}; a master's replica then takes over). */
    public synchronized void stopNode(int port) {
        nodes.get(ports.indexOf(port)).close();
    }

    /** Starts a stopped node again: it rejoins with its kept configuration (a failed-over master as a replica). */
    public synchronized void startNode(int port) {
        int i = ports.indexOf(port);
        nodes.set(i, RedisNode.startClusterNode(port, null, configDirs.get(i), password));
    }

    @Override
    public synchronized void close() {
        nodes.forEach(RedisNode::close);
    }

    /**
     * Forms a cluster of these running cluster-mode nodes: slots to the first {@link #MASTERS},
     * every node introduced to the first, each remaining node a replica of a master in turn;
     * then waits until every node reports the cluster {@code ok} and every replica is in sync.
     * Nothing is changed on a cluster that is already formed.
     */
    public static void form(List<Integer> ports, String password) {
        if (ports.size() < MASTERS) {
            throw new IllegalArgumentException("a cluster needs at least " + MASTERS + " nodes, got " + ports);
        }
        long t0 = System.nanoTime();
        RedisClient client = RedisClient.create();
        try {
            Map<Integer, StatefulRedisConnection<String, String>> connections = new LinkedHashMap<>();
            for (int port : ports) {
                connections.put(port, client.connect(uri(port, password)));
            }
            RedisCommands<String, String> first = connections.get(ports.get(0)).sync();
            // formed before (the nodes keep nodes.conf): a node that was restarted, or a master
            // that failed over, rejoins by itself; nothing here changes who is whose replica
            boolean formed = connections.values().stream().map(c -> info(c.sync())).anyMatch(info ->
                    info.getOrDefault("cluster_slots_assigned", "0").equals(Integer.toString(SLOTS))
                            && info.getOrDefault("cluster_known_nodes", "0").equals(Integer.toString(ports.size())));
            if (formed) {
                log.info("devstack: Valkey Cluster already formed on {}", ports);
            } else {
                for (int i = 0; i < MASTERS; i++) {
                    RedisCommands<String, String> master = connections.get(ports.get(i)).sync();
                    if (ownSlots(master.clusterNodes())) {
                        continue;
                    }
                    int from = SLOTS * i / MASTERS;
                    int to = SLOTS * (i + 1) / MASTERS;
                    master.clusterAddSlots(IntStream.range(from, to).toArray());
                }
                for (int port : ports.subList(1, ports.size())) {
                    first.clusterMeet("127.0.0.1", port);
                }
                awaitAll(connections, commands -> Integer.parseInt(info(commands).getOrDefault("cluster_known_nodes", "0")) == ports.size(),
                        "every node to know the others");
                for (int i = MASTERS; i < ports.size(); i++) {
                    String masterId = connections.get(ports.get((i - MASTERS) % MASTERS)).sync().clusterMyId();
                    RedisCommands<String, String> replica = connections.get(ports.get(i)).sync();
                    if (!replica.clusterNodes().lines().anyMatch(line -> line.contains("myself") && line.contains("slave " + masterId))) {
                        replica.clusterReplicate(masterId);
                    }
                }
            }
            connections.values().forEach(StatefulRedisConnection::close);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        awaitHealthy(ports, password, Duration.ofSeconds(60));
        log.info("devstack: Valkey Cluster of {} nodes ({} masters) ready in {} ms", ports.size(), MASTERS,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Until every node reports the cluster ok, no node failed, disconnected or a master without
     * slots (a returning failed-over master before it becomes a replica), and every replica's link
     * to its master is up.
     */
    static void awaitHealthy(List<Integer> ports, String password, Duration timeout) {
        RedisClient client = RedisClient.create();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String waitingFor = unhealthy(client, ports, password);
                if (waitingFor == null) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Valkey Cluster on " + ports + " not healthy after " + timeout + ": " + waitingFor);
                }
                sleep(100);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** What is not healthy yet, or null. */
    private static String unhealthy(RedisClient client, List<Integer> ports, String password) {
        for (int port : ports) {
            try (StatefulRedisConnection<String, String> connection = client.connect(uri(port, password))) {
                RedisCommands<String, String> commands = connection.sync();
                if (!info(commands).getOrDefault("cluster_state", "").equals("ok")) {
                    return "node " + port + ": cluster_state " + info(commands).get("cluster_state");
                }
                String failing = commands.clusterNodes().lines()
                        .filter(line -> line.contains("fail") || line.contains("disconnected")).findFirst().orElse(null);
                if (failing != null) {
                    return "node " + port + " sees " + failing;
                }
                // a failed-over master that came back holds no slots until it turns into a replica
                String idle = commands.clusterNodes().lines()
                        .filter(line -> line.contains("master") && line.strip().split(" ").length <= 8).findFirst().orElse(null);
                if (idle != null) {
                    return "node " + port + " sees a master without slots (not yet a replica): " + idle;
                }
                String replication = commands.info("replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return "replica " + port + ": link to its master not up";
                }
            } catch (RuntimeException e) {
                return "node " + port + ": " + e.getMessage();
            }
        }
        return null;
    }

    private static void awaitAll(Map<Integer, StatefulRedisConnection<String, String>> connections,
            Predicate<RedisCommands<String, String>> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (var connection : connections.entrySet()) {
            while (!condition.test(connection.getValue().sync())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Valkey Cluster: timed out waiting for " + what + " (node " + connection.getKey() + ")");
                }
                sleep(50);
            }
        }
    }

    /** Whether the node's own line in CLUSTER NODES lists slots. */
    private static boolean ownSlots(String clusterNodes) {
        return clusterNodes.lines().filter(line -> line.contains("myself"))
                .anyMatch(line -> line.split(" ").length > 8);
    }

    private static Map<String, String> info(RedisCommands<String, String> commands) {
        Map<String, String> values = new LinkedHashMap<>();
        commands.clusterInfo().lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        return values;
    }

    private static RedisURI uri(int port, String password) {
        return RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withAuthentication(RedisNode.USER, password.toCharArray())
                .withTimeout(Duration.ofSeconds(5)).build();
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
