package dev.twitterlike.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The running suite's processes, as {@code scripts/run.sh --replicas 2} and {@code scripts/stack.sh}
 * started them: where each instance listens, which pid it has (only the pid files under the run
 * directory are trusted, never a process name), how to kill it and how to start it again.
 */
final class Suite {

    /** Each module's first port without the offset; the second instance listens 100 higher. */
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    static {
        PORTS.put("graph-service", 8083);
        PORTS.put("tweet-service", 8081);
        PORTS.put("timeline-service", 8082);
        PORTS.put("fanout-worker", 8084);
        PORTS.put("trend-service", 8085);
        PORTS.put("notification-service", 8086);
    }

    private final ChaosConfig config;
    private final Http http;
    private final Path restartLog;
    private final java.util.concurrent.ExecutorService probes = java.util.concurrent.Executors.newFixedThreadPool(13, runnable -> {
        Thread thread = new Thread(runnable, "ready-probe");
        thread.setDaemon(true);
        return thread;
    });

    Suite(ChaosConfig config, Http http) {
        this.config = config;
        this.http = http;
        this.restartLog = config.runDir().resolve("logs/chaos-restarts.log");
    }

    /** Every service instance, both workers and the gateway. */
    List<String> instances() {
        List<String> all = new ArrayList<>();
        for (String module : PORTS.keySet()) {
            all.add(module);
            all.add(module + "-2");
        }
        all.add("gateway");
        return all;
    }

    int port(String instance) {
        if (instance.equals("gateway")) {
            return 8080 + config.portOffset();
        }
        boolean second = instance.endsWith("-2");
        Integer base = PORTS.get(second ? instance.substring(0, instance.length() - 2) : instance);
        if (base == null) {
            throw new IllegalArgumentException("no such instance: " + instance);
        }
        return base + config.portOffset() + (second ? 100 : 0);
    }

    /** GET /ready of one instance answers 200. */
    boolean ready(String instance) {
        return http.get("http://127.0.0.1:" + port(instance) + "/ready", null).status() == 200;
    }

    /** Every instance is ready and none still names {@code dependency} as degraded. */
    boolean allReady(String dependency) {
        for (String instance : instances()) {
            Http.Reply reply = http.get("http://127.0.0.1:" + port(instance) + "/ready", null);
            if (reply.status() != 200 || (dependency != null && reply.body().contains("\"" + dependency + "\""))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asks every instance's /ready every 2 s until {@code untilNanos}: the slowest answer and the
     * answers that were not 200 or slower than the gateway's 1 s health-check limit, per instance.
     */
    String probeReadiness(long untilNanos) throws InterruptedException {
        Map<String, long[]> seen = new LinkedHashMap<>(); // instance -> {probes, not 200, over 1 s, slowest ms}
        while (System.nanoTime() < untilNanos - 2_500_000_000L) {
            long round = System.nanoTime();
            // all at once, as the gateway's checker asks them, so one slow answer does not delay the others
            Map<String, java.util.concurrent.Future<Http.Reply>> answers = new LinkedHashMap<>();
            for (String instance : instances()) {
                answers.put(instance, probes.submit(() -> http.get("http://127.0.0.1:" + port(instance) + "/ready", null)));
            }
            for (Map.Entry<String, java.util.concurrent.Future<Http.Reply>> answer : answers.entrySet()) {
                Http.Reply reply;
                try {
                    reply = answer.getValue().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                long[] s = seen.computeIfAbsent(answer.getKey(), i -> new long[4]);
                s[0]++;
                s[1] += reply.status() == 200 ? 0 : 1;
                s[2] += reply.micros() > 1_000_000 ? 1 : 0;
                s[3] = Math.max(s[3], reply.micros() / 1000);
            }
            Thread.sleep(Math.max(0, 2_000 - (System.nanoTime() - round) / 1_000_000));
        }
        StringBuilder text = new StringBuilder();
        seen.forEach((instance, s) -> {
            if (s[1] > 0 || s[2] > 0) {
                text.append(text.isEmpty() ? "" : "; ").append(String.format("%s %d of %d not 200, %d over 1 s (slowest %d ms)",
                        instance, s[1], s[0], s[2], s[3]));
            }
        });
        long slowest = seen.values().stream().mapToLong(s -> s[3]).max().orElse(0);
        return text.isEmpty() ? "every instance answered 200 within 1 s (slowest " + slowest + " ms)" : text.toString();
    }

    /**
     * SIGKILL (destroyForcibly is SIGKILL on Linux) to every process of the part, and waits until
     * they are gone. Returns what was killed, for the report.
     */
    String kill(Fault fault) throws Exception {
        List<ProcessHandle> victims = new ArrayList<>();
        List<ProcessHandle> orphans = new ArrayList<>();
        switch (fault.kind()) {
            case SERVICE, WORKER, GATEWAY -> victims.add(process(config.runDir().resolve("pids/" + fault.part() + ".pid")));
            case POSTGRES -> {
                // the postmaster (its pid is the first line of postmaster.pid) and devstack's wrapper JVM
                ProcessHandle postmaster = process(config.runDir().resolve("data/postgres/postmaster.pid"));
                orphans.addAll(postmaster.children().toList());
                victims.add(postmaster);
                victims.add(process(config.runDir().resolve("pids/postgres.pid")));
            }
            case VALKEY -> {
                // the redis-server child and devstack's wrapper JVM; on a cluster, of all six nodes
                List<String> nodes = config.valkeyCluster() ? List.of("redis-1", "redis-2", "redis-3", "redis-4", "redis-5", "redis-6")
                        : List.of("redis");
                for (String node : nodes) {
                    ProcessHandle wrapper = process(config.runDir().resolve("pids/" + node + ".pid"));
                    victims.addAll(wrapper.descendants().toList());
                    victims.add(wrapper);
                }
            }
            case VALKEY_MASTER -> {
                ProcessHandle wrapper = process(config.runDir().resolve("pids/" + fault.part() + ".pid"));
                victims.addAll(wrapper.descendants().toList());
                victims.add(wrapper);
            }
            case KAFKA -> {
                // the single node, or all three of the cluster
                for (String node : List.of("kafka", "kafka-1", "kafka-2", "kafka-3")) {
                    Path pid = config.runDir().resolve("pids/" + node + ".pid");
                    if (Files.exists(pid)) {
                        victims.add(process(pid));
                    }
                }
            }
            case KAFKA_BROKER -> victims.add(process(config.runDir().resolve("pids/" + fault.part() + ".pid")));
        }
        StringBuilder killed = new StringBuilder();
        for (ProcessHandle victim : victims) {
            victim.destroyForcibly();
            killed.append(killed.isEmpty() ? "" : ", ").append(victim.pid());
        }
        for (ProcessHandle victim : victims) {
            victim.onExit().get(10, TimeUnit.SECONDS);
        }
        // PostgreSQL's backends notice the postmaster's death and exit on their own; a new
        // postmaster cannot start while they still hold the old shared memory
        for (ProcessHandle orphan : orphans) {
            orphan.onExit().completeOnTimeout(orphan, 15, TimeUnit.SECONDS).join();
        }
        return killed.toString();
    }

    /** Starts the part again the way the suite started it: {@code run.sh start-instance} or {@code stack.sh up}. */
    void restart(Fault fault) throws IOException, InterruptedException {
        List<String> command = switch (fault.kind()) {
            case SERVICE, WORKER, GATEWAY -> List.of(script("run.sh"), "start-instance", fault.part());
            case POSTGRES -> List.of(script("stack.sh"), "up", "postgres");
            case VALKEY -> List.of(script("stack.sh"), "up", "redis");
            case KAFKA -> List.of(script("stack.sh"), "up", "kafka");
            case KAFKA_BROKER, VALKEY_MASTER -> List.of(script("stack.sh"), "up", fault.part());
        };
        Files.writeString(restartLog, "\n== " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).directory(config.root().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(restartLog.toFile())).start();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (see " + restartLog + ")");
        }
    }

    /** The dependency name a part has in /ready, or null for a service instance. */
    static String dependency(Fault fault) {
        return switch (fault.kind()) {
            case POSTGRES -> "postgres";
            case VALKEY -> "redis";
            case KAFKA, KAFKA_BROKER -> "kafka";
            case VALKEY_MASTER -> "redis";
            default -> null;
        };
    }

    private String script(String name) {
        return config.root().resolve("scripts/" + name).toString();
    }

    private static ProcessHandle process(Path pidFile) throws IOException {
        String first = Files.readAllLines(pidFile).get(0).trim();
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(first));
        return process.orElseThrow(() -> new IllegalStateException("pid " + first + " from " + pidFile + " is not running"));
    }
}
