package dev.twitterlike.bench.chaos;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the suite under test is and how long a run lasts. {@code scripts/chaos.sh} starts the
 * suite and passes PORT_OFFSET and RUN_DIR through; everything else has a default.
 *
 * @param shortRun     one instance of each kind killed instead of every part (the test.sh run)
 * @param strict       threshold failures fail the exit code too (CHAOS_STRICT=on), not only audit failures
 * @param serviceDown  how long a killed service instance, worker or the gateway stays down
 * @param infraDown    how long Valkey and Kafka stay down (the figure: 60 s)
 * @param postgresDown how long PostgreSQL stays down
 * @param settle       load after a part is ready again before the next fault
 * @param only         CHAOS_FAULTS: kill only these parts (comma separated, e.g. "kafka,gateway"); empty for all
 * @param kafkaCluster CLUSTER=on: Kafka is devstack's three nodes kafka-1..3 (scripts/stack.sh), and one of them is killed
 *                     too; Valkey is its cluster redis-1..6 ({@link #valkeyCluster}), and one master is killed too
 * @param brokerDown   how long the killed Kafka node stays down in cluster mode (CHAOS_BROKER_DOWN)
 */
record ChaosConfig(Path root, Path runDir, int portOffset, String gateway, boolean shortRun, boolean strict,
        int serviceDown, int infraDown, int postgresDown, int settle, int baseline,
        int postIntervalMs, int likeIntervalMs, int readIntervalMs, java.util.Set<String> only,
        boolean kafkaCluster, int brokerDown) {

    /** The cluster's client addresses (scripts/lib.sh kafka_bootstrap): 19092, +10, +20, plus the offset. */
    String kafkaBootstrap() {
        int port = 19092 + portOffset;
        return "127.0.0.1:" + port + ",127.0.0.1:" + (port + 10) + ",127.0.0.1:" + (port + 20);
    }

    static ChaosConfig from(String[] args, Map<String, String> env) {
        boolean shortRun = false;
        for (String arg : args) {
            switch (arg) {
                case "--short" -> shortRun = true;
                default -> throw new IllegalArgumentException("unknown argument: " + arg + " (chaos [--short])");
            }
        }
        int offset = Integer.parseInt(env.getOrDefault("PORT_OFFSET", "0"));
        Path root = Path.of(env.getOrDefault("CHAOS_ROOT", ".")).toAbsolutePath().normalize();
        return new ChaosConfig(root,
                Path.of(env.getOrDefault("RUN_DIR", root.resolve(".run").toString())).toAbsolutePath(),
                offset,
                "http://127.0.0.1:" + (8080 + offset),
                shortRun,
                "on".equals(env.getOrDefault("CHAOS_STRICT", "off")),
                number(env, "CHAOS_SERVICE_DOWN", 5),
                number(env, "CHAOS_INFRA_DOWN", 60),
                number(env, "CHAOS_POSTGRES_DOWN", 10),
                number(env, "CHAOS_SETTLE", shortRun ? 3 : 5),
                number(env, "CHAOS_BASELINE", shortRun ? 5 : 15),
                number(env, "CHAOS_POST_INTERVAL_MS", 1000),
                number(env, "CHAOS_LIKE_INTERVAL_MS", 400),
                number(env, "CHAOS_READ_INTERVAL_MS", 50),
                java.util.Set.of(env.getOrDefault("CHAOS_FAULTS", "").split(",")).stream()
                        .map(String::trim).filter(part -> !part.isEmpty()).collect(java.util.stream.Collectors.toSet()),
                "on".equals(env.getOrDefault("CLUSTER", "off")),
                number(env, "CHAOS_BROKER_DOWN", 20));
    }

    /** CLUSTER=on: Valkey is devstack's Valkey Cluster, redis-1..3 its masters (docs/cluster.md). */
    boolean valkeyCluster() {
        return kafkaCluster;
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        return Integer.parseInt(env.getOrDefault(name, Integer.toString(fallback)));
    }
}
