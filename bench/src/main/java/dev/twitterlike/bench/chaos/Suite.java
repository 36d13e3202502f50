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
                // the redis-server child and devstack's wrapper JVM
                ProcessHandle wrapper = process(config.runDir().resolve("pids/redis.pid"));
                victims.addAll(wrapper.descendants().toList());
                victims.add(wrapper);
            }
            case KAFKA -> victims.add(process(config.runDir().resolve("pids/kafka.pid")));
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
            case KAFKA -> "kafka";
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
