package dev.twitterlike.bench;

import java.util.Map;

/**
 * Where the suite is and how big a run is; every value from the environment, with the local
 * suite's defaults. {@code scripts/bench.sh} passes them through.
 */
record BenchConfig(String gateway, String jdbcUrl, String redisHost, int redisPort, String fanoutMetrics,
        int users, int rate, int seconds, int visibilitySamples) {

    static BenchConfig fromEnvironment() {
        Map<String, String> env = System.getenv();
        int offset = Integer.parseInt(env.getOrDefault("PORT_OFFSET", "0"));
        return new BenchConfig(
                env.getOrDefault("BENCH_GATEWAY", "http://127.0.0.1:" + (8080 + offset)),
                env.getOrDefault("BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + (15432 + offset) + "/twitter"),
                env.getOrDefault("BENCH_REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("BENCH_REDIS_PORT", Integer.toString(16379 + offset))),
                env.getOrDefault("BENCH_FANOUT_METRICS", "http://127.0.0.1:" + (8084 + offset) + "/actuator/prometheus"),
                Integer.parseInt(env.getOrDefault("BENCH_USERS", "20000")),
                Integer.parseInt(env.getOrDefault("BENCH_RATE", "1000")),
                Integer.parseInt(env.getOrDefault("BENCH_SECONDS", "20")),
                Integer.parseInt(env.getOrDefault("BENCH_VISIBILITY_SAMPLES", "30")));
    }
}
