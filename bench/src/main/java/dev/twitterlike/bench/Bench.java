package dev.twitterlike.bench;

import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.common.web.SessionKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark {@code scripts/bench.sh} runs against a running suite (start it with
 * {@code RATE_LIMITS=off}). It loads a power-law graph, then measures home timeline reads
 * through the gateway (fixed rate and saturation), fanout to 10,000 followers, tweet-to-visible
 * latency for a normal and a celebrity author, and the same read workload with the celebrity
 * threshold at 0 (pure pull), infinity (pure push) and the default (hybrid). Results are
 * printed and written to {@code bench/results/<date>.md}.
 */
public final class Bench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The rate of the unrecorded warm-up before the read measurements. */
    private static final int WARMUP_RATE = 150;
    /** The open-loop rates of the sweep, rising; it stops past the first rate that overloads (errors or p99 over a second). */
    private static final int[] SWEEP = {100, 200, 400, 600, 800, 1000, 1500, 2000, 3000};
    /** The read target: p99 under 50 ms. */
    private static final long TARGET_P99_MICROS = 50_000;
    /** The mode comparison runs below saturation, so it compares the modes, not queueing. */
    private static final int COMPARE_RATE = 100;

    private final BenchConfig config;
    private final Api api;
    private final Connection db;
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> redisAsync;
    private final SplittableRandom random = new SplittableRandom(7);
    private final StringBuilder report = new StringBuilder();
    final List<Long> readers = new ArrayList<>();
    private final CpuMeter cpu;
    private final Map<String, Integer> bestRates = new LinkedHashMap<>();

    Bench(BenchConfig config, Connection db, StatefulRedisConnection<String, String> redis) {
        this.config = config;
        this.api = new Api(config.gateway(), config.timeline(), config.internalSecret());
        this.db = db;
        this.redis = redis.sync();
        this.redisAsync = redis.async();
        this.cpu = new CpuMeter(Path.of(config.runDirectory(), "pids"));
    }

    public static void main(String[] args) throws Exception {
        // the fanout lab (scripts/lab.sh), the capacity model (scripts/capacity.sh) and the fault-injection run
        // (scripts/chaos.sh) live in the same jar
        if (args.length > 0 && args[0].equals("lab")) {
            Lab.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("capacity")) {
            CapacityRun.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("partitions")) {
            PartitionBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("chaos")) {
            dev.twitterlike.bench.chaos.ChaosMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchConfig config = BenchConfig.fromEnvironment();
        RedisClient client = config.redisClient();
        try (Connection db = config.database();
             StatefulRedisConnection<String, String> redis = client.connect()) {
            new Bench(config, db, redis).run();
        } finally {
            client.shutdown();
        }
    }

    private void run() throws Exception {
        line("# Benchmark " + LocalDateTime.now().withNano(0));
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
                + "; the whole suite (7 JVMs, PostgreSQL, Redis, Kafka) and this load generator share it.");
        line("");

        if (config.runs("graph")) {
            long t0 = System.nanoTime();
            long follows = new SocialGraphLoader(config.users(), config.minFollows()).load(db);
            line("Graph: " + config.users() + " users, " + follows + " follows (Zipf 1.1 popularity, heavy-tailed follow counts), "
                    + "loaded with COPY in " + ms(t0) + " ms; top accounts: " + topFollowerCounts() + " followers.");
        } else {
            line("Graph: the one already loaded; top accounts: " + topFollowerCounts() + " followers.");
        }
        for (int i = 0; i < 2_000; i++) {
            readers.add(SocialGraphLoader.userId(random.nextInt(config.users())));
        }
        plantSessions();
        line("");

        if (config.runs("reads")) {
            line("## Home timeline reads: through the gateway, and the same reads straight to timeline-service");
            line("");
            line("Hybrid, threshold 10,000; every reader's timeline cached (returning users). Open loop: latency is "
                    + "measured from when each request was due, so queueing counts. Errors are responses other than 200 "
                    + "(the gateway answers 503 when its circuit breaker sheds load). \"Direct\" sends the identity "
                    + "headers the gateway would add (signed with the suite's secret), so the two differ only by the gateway.");
            line("");
            setThreshold(10_000);
            resetCaches();
            warm();
            Map<String, LongFunction<CompletableFuture<Integer>>> modes = new LinkedHashMap<>();
            modes.put("gateway", n -> api.homeAsync(readers.get((int) (n % readers.size())), "?limit=20"));
            if (api.canReadDirect()) {
                modes.put("direct", n -> api.homeDirectAsync(readers.get((int) (n % readers.size())), "?limit=20"));
            } else {
                line("(No direct run: BENCH_INTERNAL_SECRET is not set; scripts/bench.sh reads it from the suite's run directory.)");
                line("");
            }
            Map<String, Load.Result> saturation = new LinkedHashMap<>();
            Map<String, Map<String, Double>> cpuPerRead = new LinkedHashMap<>();
            Chart chart = new Chart("Home timeline reads: p99 and p50 latency against offered rate",
                    "offered rate (requests/s, open loop)", "latency (ms, log scale)");
            line("| mode | load | requests | errors | throughput (req/s) | p50 ms | p99 ms | p99.9 ms | max ms |");
            line("|---|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, LongFunction<CompletableFuture<Integer>>> mode : modes.entrySet()) {
                // 10 s unrecorded, so the services' JIT has compiled this path
                Load.fixedRate(WARMUP_RATE, 10, mode.getValue());
                List<Chart.Point> p99 = new ArrayList<>();
                List<Chart.Point> p50 = new ArrayList<>();
                int best = 0;
                for (int rate : SWEEP) {
                    Load.Result result = Load.fixedRate(rate, config.seconds(), mode.getValue());
                    row(mode.getKey() + " | fixed " + rate + " req/s", result);
                    p99.add(new Chart.Point(rate, result.latency().getValueAtPercentile(99) / 1000.0));
                    p50.add(new Chart.Point(rate, result.latency().getValueAtPercentile(50) / 1000.0));
                    settle(result);
                    if (result.errors() == 0 && result.latency().getValueAtPercentile(99) < TARGET_P99_MICROS) {
                        best = rate;
                    }
                    if (result.errors() > result.requests() / 100 || result.latency().getValueAtPercentile(99) > 1_000_000) {
                        break; // overloaded: higher rates only queue more
                    }
                }
                chart.line(mode.getKey() + " p99", p99, false).line(mode.getKey() + " p50", p50, true);
                // closed loop: the throughput ceiling, and what one read costs each process at full load
                Map<String, Double> cpuBefore = cpu.snapshot();
                Load.Result saturated = Load.saturation(32, config.seconds(), mode.getValue());
                cpuPerRead.put(mode.getKey(), CpuMeter.perRequest(cpuBefore, cpu.snapshot(), saturated.requests()));
                saturation.put(mode.getKey(), saturated);
                row(mode.getKey() + " | saturation, 32 concurrent (closed loop)", saturated);
                settle(saturated);
                bestRates.put(mode.getKey(), best);
            }
            line("");
            bestRates.forEach((mode, best) -> line("Highest rate of the sweep with p99 under " + TARGET_P99_MICROS / 1000
                    + " ms and no errors, " + mode + ": **" + (best == 0 ? "none" : best + " req/s") + "**."));
            if (saturation.containsKey("direct")) {
                line(String.format(java.util.Locale.ROOT, "The gateway's throughput at saturation is **%.2f** of direct (%.0f against %.0f req/s).",
                        saturation.get("gateway").throughput() / saturation.get("direct").throughput(),
                        saturation.get("gateway").throughput(), saturation.get("direct").throughput()));
            }
            line("");
            if (cpu.available()) {
                line("CPU time per home timeline read, by process (during each saturation run; "
                        + "2 cores give 2,000 ms of CPU per second to share):");
                line("");
                List<String> processes = new ArrayList<>();
                cpuPerRead.values().forEach(m -> m.keySet().forEach(k -> { if (!processes.contains(k)) processes.add(k); }));
                line("| process | " + String.join(" | ", cpuPerRead.keySet()) + " |");
                line("|---|" + "---|".repeat(cpuPerRead.size()));
                for (String process : processes) {
                    StringBuilder row = new StringBuilder("| " + process + " |");
                    cpuPerRead.values().forEach(m -> row.append(String.format(java.util.Locale.ROOT, " %.2f |", m.getOrDefault(process, 0.0))));
                    line(row.toString());
                }
                StringBuilder total = new StringBuilder("| **all** |");
                cpuPerRead.values().forEach(m -> {
                    double sum = m.values().stream().mapToDouble(Double::doubleValue).sum();
                    total.append(String.format(java.util.Locale.ROOT, " **%.2f** (about %.0f reads/s) |", sum, 2000 / sum));
                });
                line(total.toString());
                line("");
            }
            wrk();
            String date = LocalDate.now().toString();
            Path svg = Path.of("bench", "results", date + "-reads.svg");
            Files.createDirectories(svg.getParent());
            Files.writeString(svg, chart.svg());
            line("![latency against offered rate](" + svg.getFileName() + ")");
            line("");
        }
        if (config.runs("visibility")) {
            line("## Tweet to visible (POST returns -> in a follower's home timeline via the gateway)");
            line("");
            line("| author | samples | p50 ms | p99 ms | max ms |");
            line("|---|---|---|---|---|");
            visibility("normal author", false);
            visibility("celebrity author (pulled)", true);
            line("");
        }
        if (config.runs("fanout")) {
            line("## Fanout to one author's followers (pure push, all their timelines cached)");
            line("");
            fanout10k();
            line("");
        }
        if (config.runs("compare")) {
            line("## Pull vs push vs hybrid (same read workload, " + COMPARE_RATE + " req/s for " + config.seconds() + " s)");
            line("");
            line("| mode | read p50 ms | read p99 ms | timeline writes per tweet | Valkey memory MB |");
            line("|---|---|---|---|---|");
            compare("pure pull (threshold 0)", 0);
            compare("pure push (threshold infinity)", Integer.MAX_VALUE);
            compare("hybrid (threshold 10,000)", 10_000);
            setThreshold(10_000);
        }

        // a run of some phases only does not overwrite the day's full results
        String name = config.phases().size() == BenchConfig.PHASES.size() ? "" : "-" + String.join("-", config.phases());
        Path out = Path.of("bench", "results", LocalDate.now() + name + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println();
        System.out.println("Written to " + out);
    }

    private void compare(String name, int threshold) throws Exception {
        setThreshold(threshold);
        resetCaches();
        warm();
        long writesBefore = fanoutWrites();
        long fannedBefore = fannedOut();
        int posts = 20;
        for (int i = 0; i < posts; i++) {
            long author = SocialGraphLoader.userId(random.nextInt(2_000));
            check(api.post(author, "compare " + i));
        }
        awaitFanouts(fannedBefore + posts);
        double perTweet = (fanoutWrites() - writesBefore) / (double) posts;
        Load.Result reads = Load.fixedRate(COMPARE_RATE, config.seconds(),
                n -> api.homeAsync(readers.get((int) (n % readers.size())), "?limit=20"));
        double memory = usedMemory() / 1024.0 / 1024.0;
        line(String.format("| %s | %s | %s | %.0f | %.1f |", name, reads.ms(50), reads.ms(99), perTweet, memory));
    }

    private void visibility(String name, boolean celebrity) throws Exception {
        long author = celebrity ? SocialGraphLoader.userId(0) : normalAuthorWithFollowers();
        long follower = aFollowerOf(author);
        plantSessions(db, redisAsync, List.of(author, follower));
        api.home(follower, "?limit=1");
        Histogram latency = new Histogram(3);
        // two warm-up posts (the first event through each path pays for class loading and JIT)
        for (int i = -2; i < config.visibilitySamples(); i++) {
            Api.Response posted = check(api.post(author, "visible " + i));
            long posted_at = System.nanoTime();
            String id = JSON.readTree(posted.body()).path("id").asString();
            while (System.nanoTime() - posted_at < TimeUnit.SECONDS.toNanos(10)) {
                JsonNode page = JSON.readTree(api.home(follower, "?limit=5").body());
                if (page.path("items").toString().contains("\"id\":\"" + id + "\"")) {
                    break;
                }
                Thread.sleep(5);
            }
            if (i >= 0) {
                latency.recordValue(Math.max(1, (System.nanoTime() - posted_at) / 1_000));
            }
        }
        line(String.format("| %s | %d | %.1f | %.1f | %.1f |", name, latency.getTotalCount(),
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0));
    }

    /** Fanout runs measured after unrecorded warm-ups (the first events through the path pay for JIT). */
    private static final int FANOUT_WARMUPS = 3;
    private static final int FANOUT_RUNS = 10;

    private void fanout10k() throws Exception {
        setThreshold(Integer.MAX_VALUE);
        int followers = Math.min(SocialGraphLoader.FANOUT_FOLLOWERS, config.users());
        line(followers + " followers, every timeline cached (reset to the sentinel before each run); " + FANOUT_WARMUPS
                + " unrecorded warm-ups, then " + FANOUT_RUNS + " runs. POST -> first/last: from the POST's return to the "
                + "first/last follower's timeline, including the outbox relay and the Kafka hop. Worker: the worker's own time "
                + "for the event (twitter_fanout_duration_seconds), its writes/s, and the CPU per timeline write of the worker "
                + "and of Valkey (/proc, from the POST to the last follower's write).");
        line("");
        line("| run | POST -> first ms | POST -> last ms | worker ms | timeline writes | writes/s (POST -> last) | writes/s (worker) "
                + "| worker CPU us/write | Valkey CPU us/write |");
        line("|---|---|---|---|---|---|---|---|---|");
        List<double[]> runs = new ArrayList<>();
        for (int run = 1 - FANOUT_WARMUPS; run <= FANOUT_RUNS; run++) {
            double[] measured = fanoutOnce(run, followers);
            if (run > 0) {
                runs.add(measured);
            }
        }
        line("");
        line(String.format("Median of %d runs: POST -> last %.0f ms, worker %.0f ms, %.0f writes/s (worker), "
                        + "worker CPU %.1f us/write, Valkey CPU %.1f us/write.", runs.size(), median(runs, 0), median(runs, 1),
                median(runs, 2), median(runs, 3), median(runs, 4)));
        setThreshold(10_000);
    }

    /** One fanout; returns POST -> last ms, worker ms, worker writes/s, worker and Valkey CPU us/write. */
    double[] fanoutOnce(int run, int followers) throws Exception {
        List<RedisFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < followers; i++) {
            String key = TimelineStore.timelineKey(SocialGraphLoader.userId(i));
            pending.add(redisAsync.del(key));
            pending.add(redisAsync.rpush(key, "0:0"));
            pending.add(redisAsync.expire(key, 3600));
        }
        for (RedisFuture<?> f : pending) {
            f.get();
        }
        awaitQuietFanout();
        long writesBefore = fanoutWrites();
        double workerBefore = fanoutSeconds();
        Map<String, Double> cpuBefore = cpu.snapshot();
        Api.Response posted = check(api.post(SocialGraphLoader.FANOUT_AUTHOR, "to ten thousand " + run));
        long start = System.nanoTime();
        String id = JSON.readTree(posted.body()).path("id").asString();
        String last = TimelineStore.timelineKey(SocialGraphLoader.userId(followers - 1));
        String first = TimelineStore.timelineKey(SocialGraphLoader.userId(0));
        long firstSeen = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            if (firstSeen == 0 && String.valueOf(redis.lindex(first, 0)).startsWith(id)) {
                firstSeen = System.nanoTime() - start;
            }
            if (String.valueOf(redis.lindex(last, 0)).startsWith(id)) {
                break;
            }
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - start;
        // the worker writes its followers in id order: once the last one is seen, its work is done
        // (but for returning); CPU is read before the metrics are scraped, which costs the worker CPU too
        Map<String, Double> cpuUsed = CpuMeter.perRequest(cpuBefore, cpu.snapshot(), 1);
        awaitQuietFanout();
        long writes = fanoutWrites() - writesBefore;
        double worker = fanoutSeconds() - workerBefore;
        double workerCpu = cpuUsed.getOrDefault("fanout-worker", 0.0) * 1e3 / writes;
        double valkeyCpu = cpuUsed.getOrDefault("redis", 0.0) * 1e3 / writes;
        if (run > 0) {
            line(String.format("| %d | %.0f | %.0f | %.0f | %d | %.0f | %.0f | %.1f | %.1f |", run, firstSeen / 1e6, elapsed / 1e6,
                    worker * 1e3, writes, writes / (elapsed / 1e9), writes / worker, workerCpu, valkeyCpu));
        }
        return new double[] {elapsed / 1e6, worker * 1e3, writes / worker, workerCpu, valkeyCpu};
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private long normalAuthorWithFollowers() throws Exception {
        try (Statement st = db.createStatement();
             var rs = st.executeQuery("SELECT id FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                     + " AND follower_count BETWEEN 20 AND 200 ORDER BY id LIMIT 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long aFollowerOf(long author) throws Exception {
        try (Statement st = db.createStatement();
             var rs = st.executeQuery("SELECT follower_id FROM graph.follows WHERE following_id = " + author + " ORDER BY follower_id LIMIT 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String topFollowerCounts() throws Exception {
        List<String> top = new ArrayList<>();
        try (Statement st = db.createStatement();
             var rs = st.executeQuery("SELECT follower_count FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                     + " ORDER BY follower_count DESC LIMIT 5")) {
            while (rs.next()) {
                top.add(Integer.toString(rs.getInt(1)));
            }
        }
        return String.join(", ", top);
    }

    void setThreshold(int threshold) throws Exception {
        try (Statement st = db.createStatement()) {
            // no influencer tier here (scripts/lab.sh compares it): the two-tier hybrid, push or pull
            // only the rows that change: at a million users, rewriting every row is a million dead tuples a switch
            st.execute("UPDATE graph.users SET is_celebrity = (follower_count >= " + threshold + "), is_influencer = FALSE, "
                    + "demoted_at = NULL WHERE " + SocialGraphLoader.benchUser("id") + " AND (is_celebrity <> (follower_count >= "
                    + threshold + ") OR is_influencer OR demoted_at IS NOT NULL)");
        }
        // timeline-service re-reads the pulled accounts every second: measure after it has
        Thread.sleep(2_000);
    }

    /**
     * Until timeline-service's Valkey breakers are closed (at most 60 s): what the bench did
     * before a measurement (a million cache deletes, a threshold switch) may have slowed Valkey
     * enough to open them, and a run measured meanwhile would measure PostgreSQL's fallback.
     */
    void awaitValkeyBreakersClosed() throws Exception {
        String url = config.timeline() + "/actuator/prometheus";
        for (int i = 0; i < 120; i++) {
            String text;
            try {
                text = api.metrics(url);
            } catch (RuntimeException e) {
                return; // no metrics to read (a suite elsewhere): measure as it is
            }
            if (text == null || Prometheus.sum(text, "resilience4j_circuitbreaker_state", "state=\"closed\"")
                    >= Prometheus.sum(text, "resilience4j_circuitbreaker_state", "name=\"redis-")) {
                return;
            }
            Thread.sleep(500);
        }
        line("(timeline-service's Valkey breakers were still open after 60 s: this run measures its PostgreSQL fallback in part)");
    }

    /**
     * Sessions for the users the bench acts as: the readers, and the first {@value #SIGNED_IN}
     * (the authors it posts as, the fanout's followers); a session for each of a million users
     * would only cost the load time.
     */
    private void plantSessions() throws Exception {
        Set<Long> signedIn = new LinkedHashSet<>(readers);
        for (int i = 0; i < Math.min(config.users(), SIGNED_IN); i++) {
            signedIn.add(SocialGraphLoader.userId(i));
        }
        plantSessions(db, redisAsync, List.copyOf(signedIn));
    }

    private static final int SIGNED_IN = 20_000;

    /**
     * A session for every bench user ({@link Api#session}), as graph-service keeps one after a
     * sign-in: its row in {@code graph.sessions} (what the gateway asks when Valkey is slow or
     * away) and its copy in Valkey (the fast path), for two hours.
     */
    static void plantSessions(Connection db, RedisAsyncCommands<String, String> redis, int users) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            ids.add(SocialGraphLoader.userId(i));
        }
        plantSessions(db, redis, ids);
    }

    /** The same for these users only (and the fanout author). */
    static void plantSessions(Connection db, RedisAsyncCommands<String, String> redis, List<Long> users) throws Exception {
        List<Long> ids = new ArrayList<>();
        ids.add(SocialGraphLoader.FANOUT_AUTHOR);
        ids.addAll(users);
        try (java.sql.PreparedStatement st = db.prepareStatement("""
                INSERT INTO graph.sessions (token_hash, user_id, expires_at) VALUES (?, ?, now() + interval '2 hours')
                ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at""")) {
            for (long id : ids) {
                st.setBytes(1, SessionKeys.hash(Api.session(id)));
                st.setLong(2, id);
                st.addBatch();
            }
            st.executeBatch();
        }
        List<RedisFuture<?>> pending = new ArrayList<>();
        for (long id : ids) {
            pending.add(redis.setex(SessionKeys.valkeyKey(Api.session(id)), 7200, Long.toString(id)));
        }
        for (RedisFuture<?> f : pending) {
            f.get();
        }
    }

    /**
     * Drops every bench user's cached timeline and recent list, 5,000 users at a time (UNLINK:
     * Valkey frees them in the background): a million deletes sent at once stalled Valkey for
     * seconds, and timeline-service's breakers opened under the measurement that followed.
     */
    void resetCaches() throws Exception {
        for (int first = 0; first < config.users(); first += 5_000) {
            List<RedisFuture<?>> pending = new ArrayList<>();
            for (int i = first; i < Math.min(config.users(), first + 5_000); i++) {
                long id = SocialGraphLoader.userId(i);
                pending.add(redisAsync.unlink(TimelineStore.timelineKey(id), TimelineStore.recentKey(id)));
            }
            for (RedisFuture<?> f : pending) {
                f.get();
            }
        }
        awaitValkeyBreakersClosed();
    }

    /**
     * An outside check of the gateway's figure: Debian's {@code wrk} (C, its own event loop),
     * 2 threads and 32 connections, each request as one of the readers (a Lua script cycles
     * through their session cookies). Skipped, and said so, where wrk is not installed.
     */
    private void wrk() throws Exception {
        Path script = Files.createTempFile("bench-wrk", ".lua");
        StringBuilder lua = new StringBuilder("local cookies = {");
        for (int i = 0; i < Math.min(500, readers.size()); i++) {
            lua.append(i == 0 ? "" : ",").append("\"session=").append(Api.session(readers.get(i))).append("\"");
        }
        lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n"
                + "  return wrk.format(\"GET\", \"/api/timeline/home?limit=20\", {[\"Cookie\"] = cookies[(n % #cookies) + 1]})\nend\n");
        Files.writeString(script, lua);
        ProcessBuilder builder = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + config.seconds() + "s", "--latency", "-s",
                script.toString(), config.gateway()).redirectErrorStream(true);
        String output;
        try {
            Process process = builder.start();
            output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
        } catch (java.io.IOException e) {
            line("wrk is not installed (`apt-get install wrk`): no outside check this run.");
            line("");
            return;
        } finally {
            Files.deleteIfExists(script);
        }
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher p99 = Pattern.compile("(?m)^\\s+99%\\s+(\\S+)").matcher(output);
        Matcher p50 = Pattern.compile("(?m)^\\s+50%\\s+(\\S+)").matcher(output);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
        line("Outside check, Debian's wrk against the gateway (2 threads, 32 connections, " + config.seconds() + " s): **"
                + (rps.find() ? rps.group(1) : "?") + " req/s**, p50 " + (p50.find() ? p50.group(1) : "?") + ", p99 "
                + (p99.find() ? p99.group(1) : "?") + ", non-2xx " + (non2xx.find() ? non2xx.group(1) : "0") + ".");
        line("");
    }

    /** Every reader reads once, so the measured reads hit the cache (as returning users do). */
    void warm() throws Exception {
        List<java.util.concurrent.CompletableFuture<Integer>> inFlight = new ArrayList<>();
        for (long reader : readers) {
            inFlight.add(api.homeAsync(reader, "?limit=20"));
            if (inFlight.size() == 16) {
                for (var f : inFlight) {
                    f.get();
                }
                inFlight.clear();
            }
        }
        for (var f : inFlight) {
            f.get();
        }
    }

    /** Until the worker has fanned out this many tweets in all (or 30 s passed). */
    void awaitFanouts(long target) throws Exception {
        for (int i = 0; i < 300 && fannedOut() < target; i++) {
            Thread.sleep(100);
        }
    }

    private static final Pattern FANNED = Pattern.compile("(?m)^twitter_fanout_duration_seconds_count\\{[^}]*} ([0-9.E+]+)");

    long fannedOut() throws Exception {
        return (long) Prometheus.sum(FANNED, api.metrics(config.fanoutMetrics()));
    }

    void awaitQuietFanout() throws Exception {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            long now = fanoutWrites();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(300);
        }
    }

    private static final Pattern FANOUT_SECONDS = Pattern.compile("(?m)^twitter_fanout_duration_seconds_sum\\{[^}]*} ([0-9.E+-]+)");

    private double fanoutSeconds() throws Exception {
        return Prometheus.sum(FANOUT_SECONDS, api.metrics(config.fanoutMetrics()));
    }

    private static final Pattern WRITES = Pattern.compile("(?m)^twitter_fanout_writes_total\\{[^}]*} ([0-9.E+]+)");

    long fanoutWrites() throws Exception {
        return (long) Prometheus.sum(WRITES, api.metrics(config.fanoutMetrics()));
    }

    long usedMemory() {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(redis.info("memory"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static Api.Response check(Api.Response response) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException("HTTP " + response.status() + ": " + response.body()
                    + (response.status() == 429 ? " (start the suite with RATE_LIMITS=off for benchmarks)" : ""));
        }
        return response;
    }

    /** After a run that failed requests, waits out the gateway's open circuit breaker (10 s) before the next. */
    private static void settle(Load.Result previous) throws InterruptedException {
        Thread.sleep(previous.errors() > 0 ? 12_000 : 1_000);
    }

    private void row(String name, Load.Result r) {
        line(String.format("| %s | %d | %d | %.0f | %s | %s | %s | %.1f |", name, r.requests(), r.errors(), r.throughput(),
                r.ms(50), r.ms(99), r.ms(99.9), r.latency().getMaxValue() / 1000.0));
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
