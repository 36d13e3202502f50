package dev.twitterlike.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the CPU goes: CPU time (user + system) of each process of the suite, read from
 * {@code /proc} before and after a run, so a result can say how many CPU milliseconds one request
 * costs in the gateway, the timeline service, PostgreSQL, Valkey and the load generator itself.
 * The suite's processes are those {@code scripts/run.sh} records in {@code <run dir>/pids};
 * a process's children count towards it, and so do PostgreSQL's processes (pg_ctl detaches the
 * postmaster from devstack, so they are found by name). Linux only: elsewhere the
 * snapshot is empty and the report says so.
 */
final class CpuMeter {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the suite runs on

    private final Map<Long, String> roots = new LinkedHashMap<>();

    CpuMeter(Path pidDirectory) {
        try (Stream<Path> files = Files.list(pidDirectory)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().forEach(f -> {
                try {
                    roots.put(Long.parseLong(Files.readString(f).trim()), f.getFileName().toString().replace(".pid", ""));
                } catch (IOException | NumberFormatException e) {
                    // a service that is not running has no CPU to count
                }
            });
        } catch (IOException e) {
            // no pid directory: nothing to measure
        }
        roots.put(ProcessHandle.current().pid(), "load generator (bench)");
    }

    boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat")) && roots.size() > 1;
    }

    /** CPU milliseconds used so far by each component (process and its descendants). */
    Map<String, Double> snapshot() {
        Map<Long, long[]> processes = new HashMap<>(); // pid -> {ppid, ticks}
        Map<Long, String> commands = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // the command may hold spaces and parentheses: fields start after the last ')'
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    processes.put(pid, new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])});
                    commands.put(pid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                } catch (IOException | RuntimeException e) {
                    // the process ended while being read
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, Double> used = new LinkedHashMap<>();
        roots.values().forEach(name -> used.put(name, 0.0));
        processes.forEach((pid, info) -> {
            String owner = owner(pid, processes);
            if (owner == null && commands.get(pid).startsWith("postgres") && roots.containsValue("postgres")) {
                owner = "postgres";
            }
            if (owner != null) {
                used.merge(owner, info[1] * 1000.0 / TICKS_PER_SECOND, Double::sum);
            }
        });
        return used;
    }

    private String owner(long pid, Map<Long, long[]> processes) {
        for (int depth = 0; depth < 10 && pid > 1; depth++) {
            String name = roots.get(pid);
            if (name != null) {
                return name;
            }
            long[] info = processes.get(pid);
            if (info == null) {
                return null;
            }
            pid = info[0];
        }
        return null;
    }

    /** CPU milliseconds per request between two snapshots, largest first. */
    static Map<String, Double> perRequest(Map<String, Double> before, Map<String, Double> after, long requests) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / requests))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> per.put(e.getKey(), e.getValue()));
        return per;
    }
}
