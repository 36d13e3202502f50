package dev.twitterlike.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the suite is and how big a run is; every value from the environment, with the local
 * suite's defaults. {@code scripts/bench.sh} passes them through.
 */
record BenchConfig(String gateway, String jdbcUrl, String jdbcUser, String jdbcPassword, String redisHost, int redisPort,
        String redisUser, String redisPassword, String fanoutMetrics, String timeline, String internalSecret,
        int users, int minFollows, int rate, int seconds, int visibilitySamples, Set<String> phases, String runDirectory) {

    /**
     * The parts a run can be limited to with {@code BENCH_PHASES} (comma separated, default all):
     * without {@code graph} the graph already in the database is reused.
     */
    static final List<String> PHASES = List.of("graph", "reads", "visibility", "fanout", "compare");

    static BenchConfig fromEnvironment() {
        Map<String, String> env = System.getenv();
        int offset = Integer.parseInt(env.getOrDefault("PORT_OFFSET", "0"));
        return new BenchConfig(
                env.getOrDefault("BENCH_GATEWAY", "http://127.0.0.1:" + (8080 + offset)),
                env.getOrDefault("BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + (15432 + offset) + "/twitter"),
                // the superuser: the bench writes users and follows into graph-service's tables and
                // reads tweet-service's (scripts/bench.sh passes the suite's passwords)
                env.getOrDefault("BENCH_JDBC_USER", "postgres"),
                env.getOrDefault("BENCH_JDBC_PASSWORD", ""),
                env.getOrDefault("BENCH_REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("BENCH_REDIS_PORT", Integer.toString(16379 + offset))),
                env.getOrDefault("BENCH_REDIS_USER", "twitter"),
                env.getOrDefault("BENCH_REDIS_PASSWORD", ""),
                env.getOrDefault("BENCH_FANOUT_METRICS", "http://127.0.0.1:" + (8084 + offset) + "/actuator/prometheus"),
                // the same reads straight to timeline-service, signed as the gateway signs them
                // (scripts/bench.sh passes the suite's INTERNAL_SECRET); empty: no direct run
                env.getOrDefault("BENCH_TIMELINE", "http://127.0.0.1:" + (8082 + offset)),
                env.getOrDefault("BENCH_INTERNAL_SECRET", ""),
                Integer.parseInt(env.getOrDefault("BENCH_USERS", "20000")),
                // the fewest accounts a bench user follows (the generator adds a heavy tail): fewer make a large graph load faster
                Integer.parseInt(env.getOrDefault("BENCH_MIN_FOLLOWS", "20")),
                Integer.parseInt(env.getOrDefault("BENCH_RATE", "1000")),
                Integer.parseInt(env.getOrDefault("BENCH_SECONDS", "20")),
                Integer.parseInt(env.getOrDefault("BENCH_VISIBILITY_SAMPLES", "30")),
                phases(env.getOrDefault("BENCH_PHASES", String.join(",", PHASES))),
                // scripts/bench.sh passes the suite's run directory (its pids say which processes to measure)
                env.getOrDefault("RUN_DIR", ".run"));
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    private static Set<String> phases(String list) {
        Set<String> phases = new LinkedHashSet<>();
        for (String phase : list.split(",")) {
            String name = phase.trim();
            if (!PHASES.contains(name)) {
                throw new IllegalArgumentException("BENCH_PHASES: unknown phase '" + name + "', expected some of " + PHASES);
            }
            phases.add(name);
        }
        return phases;
    }

    /** A Lettuce client for the suite's Valkey, signed in (the bench, lab and capacity runs share it). */
    io.lettuce.core.RedisClient redisClient() {
        return io.lettuce.core.RedisClient.create(io.lettuce.core.RedisURI.builder()
                .withHost(redisHost()).withPort(redisPort())
                .withAuthentication(redisUser(), redisPassword().toCharArray()).build());
    }

    /** A connection to the suite's PostgreSQL. */
    java.sql.Connection database() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(), jdbcUser(), jdbcPassword());
    }
}
