package dev.twitterlike.bench;

import dev.twitterlike.bench.CapacityModel.Costs;
import dev.twitterlike.bench.CapacityModel.Fleet;
import dev.twitterlike.bench.CapacityModel.History;
import dev.twitterlike.bench.CapacityModel.Plan;
import dev.twitterlike.bench.CapacityModel.Targets;
import dev.twitterlike.bench.CapacityModel.Tiers;
import dev.twitterlike.common.timeline.TimelineStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * {@code scripts/capacity.sh}: the capacity plan of docs/scale.md.
 *
 * <ul>
 *   <li>{@code capacity measure}, against a running suite (as {@code scripts/bench.sh}): loads the
 *       bench's power-law graph at {@code BENCH_USERS} (unless that graph is loaded already), and
 *       measures the costs the model takes: CPU per home read by process with nothing pulled, with
 *       everything pulled and hybrid; CPU per post and per fanout call; Valkey bytes per timeline
 *       entry, recent-list entry, cached tweet and active user; PostgreSQL bytes per tweet, follow
 *       and user; timeline writes per tweet. Written to {@code bench/results/capacity-measured-<users>.json}.</li>
 *   <li>{@code capacity plan}, no suite: reads the measured sizes, predicts each one's figures
 *       with the model from the other size's costs and says how far off it was, then extrapolates to
 *       the design's targets from the largest size's costs. Printed and written to
 *       {@code bench/results/capacity-<date>.md} and {@code .json}.</li>
 * </ul>
 */
final class CapacityRun {

    /** Measured files of an earlier version lack the newer figures: they read as 0 (and the plan says what it used instead). */
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final Path RESULTS = Path.of("bench", "results");
    private static final int READERS = 2_000;
    private static final int POSTS = 300;
    /** The hybrid's threshold in the measured runs (the suite's default); the model gets the same. */
    private static final int HYBRID = 10_000;
    /** What a post says: the length docs/scale.md assumes for a tweet, so cached tweets measure that. */
    private static final String TEXT = "capacity ".repeat(12).substring(0, 100);

    /** One Valkey key family as measured: how many keys, their mean bytes and mean length (entries of a list, 0 otherwise). */
    record Family(long keys, double meanBytes, double meanLength) {
        double totalBytes() {
            return keys * meanBytes;
        }
    }

    /** Everything one size's run measured. */
    record Measured(String date, String machine, String load, long users, int minFollows, long follows, long tweets, int readers,
            double graphSeconds, Map<String, Long> pgBytes, Map<String, Long> pgRows, double tweetChars, long valkeyUsedBytes,
            Map<String, Family> valkey, double entriesPerTimeline, Map<String, Double> pushReadMs, Map<String, Double> pullReadMs,
            double pulledPerReadPull, Map<String, Double> hybridReadMs, double pulledPerReadHybrid, int hybridThreshold,
            double callsPerTweetHybrid, Map<String, Double> postMs, double workerUsPerCall, double valkeyUsPerCall,
            double fanoutCallsPerSecond, double eventBytes, Costs costs, double callsPerTweetGraph, double callsPerTweetAuthors) {
    }

    public static void main(String[] args) throws Exception {
        String step = args.length == 0 ? "plan" : args[0];
        switch (step) {
            case "measure" -> measure();
            case "plan" -> plan();
            default -> throw new IllegalArgumentException("capacity: expected measure or plan, not " + step);
        }
    }

    // ---------------------------------------------------------------- measure

    private static void measure() throws Exception {
        BenchConfig config = BenchConfig.fromEnvironment();
        RedisClient client = config.redisClient();
        try (Connection db = config.database();
             StatefulRedisConnection<String, String> redis = client.connect()) {
            Measured measured = new Measurement(config, db, redis).run();
            Path out = RESULTS.resolve("capacity-measured-" + measured.users() + ".json");
            Files.createDirectories(RESULTS);
            JSON.writeValue(out.toFile(), measured);
            System.out.println("Written to " + out);
        } finally {
            client.shutdown();
        }
    }

    private static final class Measurement {
        private final BenchConfig config;
        private final Connection db;
        private final RedisCommands<String, String> redis;
        private final RedisAsyncCommands<String, String> async;
        private final Bench bench;
        private final Api api;
        private final CpuMeter cpu;
        private final SplittableRandom random = new SplittableRandom(11);

        Measurement(BenchConfig config, Connection db, StatefulRedisConnection<String, String> redis) {
            this.config = config;
            this.db = db;
            this.redis = redis.sync();
            this.async = redis.async();
            this.bench = new Bench(config, db, redis);
            this.api = new Api(config.gateway(), config.timeline(), config.internalSecret());
            this.cpu = new CpuMeter(Path.of(config.runDirectory(), "pids"));
        }

        Measured run() throws Exception {
            String loadAtStart = loadAverage();
            double graphSeconds = 0;
            if (benchUsers() != config.users() + 1) {
                say("Loading the graph: " + config.users() + " users, at least " + config.minFollows() + " follows each ...");
                long t0 = System.nanoTime();
                new SocialGraphLoader(config.users(), config.minFollows()).load(db);
                graphSeconds = (System.nanoTime() - t0) / 1e9;
                say(String.format(Locale.ROOT, "  loaded in %.0f s", graphSeconds));
                // a larger graph loaded before leaves its space in the files: compacted, the sizes are this graph's
                try (Statement st = db.createStatement()) {
                    st.execute("VACUUM FULL graph.users, graph.follows, tweets.tweets");
                }
            } else {
                say("The graph of " + config.users() + " users is loaded already: reused.");
            }
            for (int i = 0; i < READERS; i++) {
                bench.readers.add(SocialGraphLoader.userId(random.nextInt(config.users())));
            }
            List<Long> authors = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                authors.add(SocialGraphLoader.userId(random.nextInt(config.users())));
            }
            List<Long> signedIn = new ArrayList<>(bench.readers);
            signedIn.addAll(authors);
            Bench.plantSessions(db, async, signedIn);

            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            for (String table : List.of("graph.users", "graph.follows", "tweets.tweets")) {
                rows.put(table, longQuery("SELECT count(*) FROM " + table));
                bytes.put(table, longQuery("SELECT pg_total_relation_size('" + table + "')"));
            }
            double tweetChars = doubleQuery("SELECT avg(octet_length(content)) FROM tweets.tweets");
            long follows = longQuery("SELECT count(*) FROM graph.follows WHERE " + SocialGraphLoader.benchUser("follower_id"));
            long tweets = longQuery("SELECT count(*) FROM tweets.tweets WHERE " + SocialGraphLoader.benchUser("author_id"));
            say("PostgreSQL: " + rows + " rows, " + bytes + " bytes");

            say("Reads, pure push (nothing pulled) ...");
            bench.setThreshold(Integer.MAX_VALUE);
            bench.resetCaches();
            bench.warm();
            Map<String, Family> valkey = families();
            double entries = valkey.get("timeline").meanLength() - 1; // less the sentinel
            Map<String, Double> push = saturation();
            say("  " + push);

            say("Reads, pure pull (every followed account pulled) ...");
            bench.setThreshold(0);
            bench.resetCaches();
            bench.warm();
            Map<String, Double> pull = saturation();
            double pulledAll = meanFollowingOfReaders(null);
            say("  " + pull + ", " + pulledAll + " pulled per read");

            say("Reads, hybrid (threshold " + HYBRID + ") ...");
            setHybrid();
            bench.resetCaches();
            bench.warm();
            Map<String, Double> hybrid = saturation();
            double pulledHybrid = meanFollowingOfReaders("u.is_celebrity");
            say("  " + hybrid + ", " + pulledHybrid + " pulled per read");

            say("Posts by " + POSTS + " random users (hybrid) ...");
            Map<String, Double> idle = idlePerSecond();
            long writesBefore = bench.fanoutWrites();
            long fannedBefore = bench.fannedOut();
            Map<String, Double> before = cpu.snapshot();
            long t0 = System.nanoTime();
            List<String> posted = new ArrayList<>();
            for (long author : authors) {
                posted.add(JSON.readTree(Bench.check(api.post(author, TEXT)).body()).path("id").asString());
            }
            bench.awaitFanouts(fannedBefore + POSTS);
            bench.awaitQuietFanout();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> used = minusIdle(CpuMeter.perRequest(before, cpu.snapshot(), 1), idle, seconds);
            double calls = (bench.fanoutWrites() - writesBefore) / (double) POSTS;
            // what the worker should have sent for these authors (their pushed followers and their own timeline), and for a
            // tweet by any user of the graph: the sample of 300 is small against a heavy-tailed follower count
            String list = String.join(",", authors.stream().map(String::valueOf).toList());
            double expectedForAuthors = doubleQuery("SELECT (sum(CASE WHEN u.is_celebrity THEN 0 ELSE u.follower_count END) + count(*))::float8 / count(*) "
                    + "FROM unnest(ARRAY[" + list + "]::bigint[]) a(id) JOIN graph.users u ON u.id = a.id");
            double expectedForAny = doubleQuery("SELECT (sum(CASE WHEN is_celebrity THEN 0 ELSE follower_count END) + count(*))::float8 / count(*) "
                    + "FROM graph.users WHERE " + SocialGraphLoader.benchUser("id") + " AND id <> " + SocialGraphLoader.FANOUT_AUTHOR);
            say(String.format(Locale.ROOT, "  %.2f calls per tweet (these authors' followers say %.2f; any user's, %.2f)", calls,
                    expectedForAuthors, expectedForAny));
            Family postedTweets = sample(posted.stream().map(id -> "tweet:{" + id + "}").toList(), false);
            double eventBytes = doubleQuery("SELECT avg(octet_length(payload::text) + octet_length(event_key)) FROM tweets.outbox "
                    + "WHERE topic = 'tweet.created' AND created_at > now() - interval '10 minutes'");

            say("Fanout to " + SocialGraphLoader.FANOUT_FOLLOWERS + " cached followers (pure push) ...");
            bench.setThreshold(Integer.MAX_VALUE);
            List<double[]> fanouts = new ArrayList<>();
            for (int run = -1; run < 5; run++) {
                double[] one = bench.fanoutOnce(0, Math.min(SocialGraphLoader.FANOUT_FOLLOWERS, config.users()));
                if (run >= 0) {
                    fanouts.add(one);
                }
            }
            bench.setThreshold(HYBRID);
            double workerUs = median(fanouts, 3);
            double valkeyUs = median(fanouts, 4);
            double callsPerSecond = median(fanouts, 2);
            say(String.format(Locale.ROOT, "  %.1f us worker, %.1f us Valkey per call, %.0f calls/s", workerUs, valkeyUs, callsPerSecond));

            // a post's own cost: what the fanout's calls took is counted per call, not per post
            Map<String, Double> postMs = new LinkedHashMap<>(used);
            postMs.computeIfPresent("fanout-worker", (k, v) -> Math.max(0, v / POSTS - calls * workerUs / 1e3));
            postMs.computeIfPresent("redis", (k, v) -> Math.max(0, v / POSTS - calls * valkeyUs / 1e3));
            postMs.replaceAll((k, v) -> k.equals("fanout-worker") || k.equals("redis") ? v : v / POSTS);
            postMs.remove("load generator (bench)");

            Map<String, Double> pullPerAuthor = new LinkedHashMap<>();
            without(pull).forEach((p, ms) -> pullPerAuthor.put(p, Math.max(0, (ms - Math.max(0, push.getOrDefault(p, 0.0))) / pulledAll)));
            Map<String, Double> pushOnly = new LinkedHashMap<>(push);
            pushOnly.remove("load generator (bench)");
            pullPerAuthor.remove("load generator (bench)");

            Family timeline = valkey.get("timeline");
            Family recent = valkey.getOrDefault("recent", new Family(0, 0, 0));
            double perActive = valkey.entrySet().stream()
                    .filter(e -> !List.of("timeline", "recent", "tweet").contains(e.getKey()))
                    .mapToDouble(e -> e.getValue().totalBytes()).sum() / READERS;
            double entryChars = meanEntryChars();
            Costs costs = new Costs(pushOnly, pullPerAuthor, postMs, Map.of("fanout-worker", workerUs, "redis", valkeyUs), callsPerSecond,
                    timeline.meanBytes() / timeline.meanLength(), entryChars,
                    recent.meanLength() == 0 ? timeline.meanBytes() / timeline.meanLength() : recent.meanBytes() / recent.meanLength(),
                    postedTweets.meanBytes(), perActive,
                    bytes.get("tweets.tweets") / (double) rows.get("tweets.tweets"),
                    bytes.get("graph.follows") / (double) rows.get("graph.follows"),
                    bytes.get("graph.users") / (double) rows.get("graph.users"), eventBytes, tweetChars);
            String load = "load average " + loadAtStart + " at the start, " + loadAverage() + " at the end";
            return new Measured(LocalDateTime.now().withNano(0).toString(), machine(), load, config.users(), config.minFollows(),
                    follows, tweets, READERS, graphSeconds, bytes, rows, tweetChars, bench.usedMemory(), valkey, entries, push, pull,
                    pulledAll, hybrid, pulledHybrid, HYBRID, calls, postMs, workerUs, valkeyUs, callsPerSecond, eventBytes, costs,
                    expectedForAny, expectedForAuthors);
        }

        /** The hybrid, with the fanout author (10,000 followers, a measuring device, no tweets of its own) pushed. */
        private void setHybrid() throws Exception {
            bench.setThreshold(HYBRID);
            try (Statement st = db.createStatement()) {
                st.execute("UPDATE graph.users SET is_celebrity = FALSE WHERE id = " + SocialGraphLoader.FANOUT_AUTHOR);
            }
            Thread.sleep(2_000);
        }

        /** CPU ms per read by process, over a closed-loop run of 32 concurrent reads. */
        private Map<String, Double> saturation() throws Exception {
            LongFunction<java.util.concurrent.CompletableFuture<Integer>> read =
                    n -> api.homeAsync(bench.readers.get((int) (n % bench.readers.size())), "?limit=20");
            // unrecorded: the path compiled, and the gateway's breaker closed again (10 s) if the warm-up tripped it
            Load.Result warmup = Load.fixedRate(150, 10, read);
            if (warmup.errors() > 0) {
                Thread.sleep(12_000);
            }
            Map<String, Double> before = cpu.snapshot();
            Load.Result result = Load.saturation(32, config.seconds(), read);
            Map<String, Double> per = CpuMeter.perRequest(before, cpu.snapshot(), result.requests());
            for (int retry = 0; retry < 2 && result.errors() > 0; retry++) {
                say("  " + result.errors() + " of " + result.requests() + " reads failed: once more, after the breaker's wait");
                Thread.sleep(12_000);
                before = cpu.snapshot();
                result = Load.saturation(32, config.seconds(), read);
                per = CpuMeter.perRequest(before, cpu.snapshot(), result.requests());
            }
            if (result.errors() > 0) {
                // a failed read (the gateway's breaker answering 503) costs less than a served one: the figure is counted per served read
                say("  " + result.errors() + " of " + result.requests() + " reads still failed: CPU counted per served read");
                per = CpuMeter.perRequest(before, cpu.snapshot(), Math.max(1, result.requests() - result.errors()));
            }
            say(String.format(Locale.ROOT, "  %,d reads, %.0f reads/s, p99 %s ms", result.requests(), result.throughput(), result.ms(99)));
            Map<String, Double> rounded = new LinkedHashMap<>();
            per.forEach((k, v) -> rounded.put(k, Math.round(v * 1e4) / 1e4));
            return rounded;
        }

        private Map<String, Double> idlePerSecond() throws Exception {
            Map<String, Double> before = cpu.snapshot();
            Thread.sleep(5_000);
            Map<String, Double> per = CpuMeter.perRequest(before, cpu.snapshot(), 5);
            per.remove("load generator (bench)");
            return per;
        }

        private static Map<String, Double> minusIdle(Map<String, Double> used, Map<String, Double> idlePerSecond, double seconds) {
            Map<String, Double> out = new LinkedHashMap<>();
            used.forEach((k, v) -> out.put(k, Math.max(0, v - idlePerSecond.getOrDefault(k, 0.0) * seconds)));
            return out;
        }

        /** Whom the readers follow, on average: all (null) or those matching a condition on the followed user u. */
        private double meanFollowingOfReaders(String condition) throws Exception {
            StringBuilder ids = new StringBuilder();
            for (long reader : bench.readers) {
                ids.append(ids.isEmpty() ? "" : ",").append(reader);
            }
            return doubleQuery("SELECT count(*)::float8 / " + bench.readers.size() + " FROM graph.follows f JOIN graph.users u ON u.id = f.following_id "
                    + "JOIN unnest(ARRAY[" + ids + "]::bigint[]) r(id) ON r.id = f.follower_id"
                    + (condition == null ? "" : " WHERE " + condition));
        }

        /** Every key counted by family (its name up to the hash tag); up to 2,000 of each measured with MEMORY USAGE. */
        private Map<String, Family> families() throws Exception {
            Map<String, List<String>> samples = new TreeMap<>();
            Map<String, Long> counts = new TreeMap<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(5_000));
                for (String key : page.getKeys()) {
                    int brace = key.indexOf('{');
                    String family = brace > 0 ? key.substring(0, brace).replaceAll(":$", "") : key.replaceAll(":.*", "");
                    counts.merge(family, 1L, Long::sum);
                    List<String> list = samples.computeIfAbsent(family, k -> new ArrayList<>());
                    if (list.size() < 2_000) {
                        list.add(key);
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
            // the readers' own timelines are the sample for timelines
            List<String> timelines = bench.readers.stream().distinct().map(TimelineStore::timelineKey).toList();
            samples.put("timeline", timelines);
            Map<String, Family> out = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : samples.entrySet()) {
                boolean lists = e.getKey().equals("timeline") || e.getKey().equals("recent");
                Family sampled = sample(e.getValue(), lists);
                out.put(e.getKey(), new Family(counts.getOrDefault(e.getKey(), (long) e.getValue().size()), sampled.meanBytes(),
                        sampled.meanLength()));
            }
            return out;
        }

        private Family sample(List<String> keys, boolean lists) throws Exception {
            List<RedisFuture<Long>> sizes = new ArrayList<>();
            List<RedisFuture<Long>> lengths = new ArrayList<>();
            for (String key : keys) {
                sizes.add(async.memoryUsage(key));
                if (lists) {
                    lengths.add(async.llen(key));
                }
            }
            double bytes = 0;
            long found = 0;
            for (RedisFuture<Long> f : sizes) {
                Long v = f.get();
                if (v != null) {
                    bytes += v;
                    found++;
                }
            }
            double length = 0;
            for (RedisFuture<Long> f : lengths) {
                length += f.get();
            }
            return new Family(found, found == 0 ? 0 : bytes / found, found == 0 || !lists ? 0 : length / found);
        }

        private double meanEntryChars() {
            long chars = 0;
            long n = 0;
            for (int i = 0; i < Math.min(200, bench.readers.size()); i++) {
                for (String entry : redis.lrange(TimelineStore.timelineKey(bench.readers.get(i)), 0, -1)) {
                    if (!entry.equals("0:0")) {
                        chars += entry.length();
                        n++;
                    }
                }
            }
            return n == 0 ? 0 : chars / (double) n;
        }

        private long benchUsers() throws Exception {
            return longQuery("SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id"));
        }

        private long longQuery(String sql) throws Exception {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private double doubleQuery(String sql) throws Exception {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + "; the whole suite and this load generator share it";
    }

    private static void say(String text) {
        System.out.println(text);
    }

    // ---------------------------------------------------------------- plan

    /** The graph of a measured size as the model sees it: the bench generator's history, no influencer tier, the hybrid's threshold. */
    static Targets graphOf(Measured m) {
        Targets design = Targets.design();
        // the fanout author's 10,000 follows are a measuring device outside the power law
        double mean = (m.follows() - Math.min(SocialGraphLoader.FANOUT_FOLLOWERS, m.users())) / (double) m.users();
        return new Targets(m.users(), design.tweetsPerDay(), design.peakReadsPerSecond(), design.peakFactor(), mean, SocialGraphLoader.ZIPF_EXPONENT,
                m.hybridThreshold(), m.hybridThreshold(), design.timelineCap(), design.recentCap(), 1, 1, design.tweetCacheDays(),
                design.recentDays(), m.costs().entryChars(), History.BENCH, design.retentionYears(), m.tweetChars());
    }

    /** One predicted quantity against its measurement. */
    record Check(String quantity, long users, double predicted, double measured, String from) {
        double error() {
            return measured == 0 ? 0 : (predicted - measured) / measured;
        }
    }

    static List<Check> checks(Measured m, Measured other) {
        Tiers tiers = CapacityModel.tiers(graphOf(m));
        // the timelines were measured under pure push
        Tiers push = CapacityModel.tiers(graphOf(m).withThresholds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        Costs c = nonNegative(other.costs());
        String from = "costs at " + String.format(Locale.ROOT, "%,d", other.users()) + " users";
        String model = "the model (graph shape)";
        List<Check> out = new ArrayList<>();
        if (m.callsPerTweetGraph() > 0) {
            out.add(new Check("fanout calls per tweet by any user, hybrid (the graph's follower counts)", m.users(), tiers.callsPerTweet(),
                    m.callsPerTweetGraph(), model));
            // twitter_fanout_writes_total counts the followers' calls, not the author's own timeline's
            out.add(new Check("fanout calls per tweet of the 300 posts (the worker's count + 1, against their authors' followers + 1)", m.users(),
                    m.callsPerTweetAuthors(), m.callsPerTweetHybrid() + 1, "the graph"));
        } else {
            // a measured file without the graph's own figure: a random user's pushed followers are the mean follows less the
            // mean pulled (celebrity) follows, which the readers (random users too) measured
            double derived = (m.follows() - Math.min(SocialGraphLoader.FANOUT_FOLLOWERS, m.users())) / (double) m.users() - m.pulledPerReadHybrid() + 1;
            out.add(new Check("fanout calls per tweet by any user, hybrid (follows less the readers' pulled follows)", m.users(),
                    tiers.callsPerTweet(), derived, model));
            out.add(new Check("fanout calls per tweet of the 300 posts (the worker's count + 1: a small sample of a heavy tail)", m.users(),
                    tiers.callsPerTweet(), m.callsPerTweetHybrid() + 1, model));
        }
        out.add(new Check("pulled authors per read, hybrid", m.users(), tiers.pulledPerRead(), m.pulledPerReadHybrid(), model));
        out.add(new Check("entries per cached timeline, push", m.users(), push.entriesPerTimeline(), m.entriesPerTimeline(), model));
        Family timelines = m.valkey().get("timeline");
        // per timeline: the scan also counts lists an earlier run left (the fanout's followers' sentinels)
        out.add(new Check("Valkey KB per cached timeline (the readers'), push", m.users(),
                (push.entriesPerTimeline() + 1) * c.bytesPerEntry(m.costs().entryChars()) / 1e3, timelines.meanBytes() / 1e3,
                model + " and " + from));
        out.add(new Check("PostgreSQL MB, graph.follows", m.users(), m.pgRows().get("graph.follows") * c.pgBytesPerFollow() / 1e6,
                m.pgBytes().get("graph.follows") / 1e6, from));
        out.add(new Check("PostgreSQL MB, tweets.tweets", m.users(), m.pgRows().get("tweets.tweets") * c.pgBytesPerTweet() / 1e6,
                m.pgBytes().get("tweets.tweets") / 1e6, from));
        out.add(new Check("PostgreSQL MB, graph.users", m.users(), m.pgRows().get("graph.users") * c.pgBytesPerUser() / 1e6,
                m.pgBytes().get("graph.users") / 1e6, from));
        double base = Costs.sum(c.readMs());
        double slope = Costs.sum(c.pullMsPerAuthor());
        out.add(new Check("CPU ms per read, push", m.users(), base, Costs.sum(without(m.pushReadMs())), from));
        out.add(new Check("CPU ms per read, pull", m.users(), base + slope * m.pulledPerReadPull(), Costs.sum(without(m.pullReadMs())),
                from + ", the readers' follows"));
        out.add(new Check("CPU ms per read, hybrid", m.users(), base + slope * tiers.pulledPerRead(), Costs.sum(without(m.hybridReadMs())),
                from + " and " + model));
        out.add(new Check("CPU ms per post (without its fanout calls)", m.users(), Costs.sum(c.postMs()), Costs.sum(m.postMs()), from));
        return out;
    }

    /**
     * A process's CPU without the load generator's, and never below 0: {@link CpuMeter} finds
     * PostgreSQL's processes by name, so one that ended during a run (an autovacuum worker after
     * a large load) takes its whole CPU time out of the difference.
     */
    static Map<String, Double> without(Map<String, Double> perProcess) {
        Map<String, Double> out = new LinkedHashMap<>();
        perProcess.forEach((k, v) -> out.put(k, Math.max(0, v)));
        out.remove("load generator (bench)");
        return out;
    }

    static Costs withCpuOf(Costs storage, Costs cpu) {
        return new Costs(cpu.readMs(), cpu.pullMsPerAuthor(), cpu.postMs(), cpu.callUs(), cpu.fanoutCallsPerSecond(), storage.bytesPerEntry(),
                storage.entryChars(), storage.bytesPerRecentEntry(), storage.bytesPerCachedTweet(), storage.bytesPerActiveUser(),
                storage.pgBytesPerTweet(), storage.pgBytesPerFollow(), storage.pgBytesPerUser(), storage.eventBytes(), storage.tweetChars());
    }

    /** The costs with every CPU figure at least 0 ({@link #without}). */
    static Costs nonNegative(Costs c) {
        return new Costs(without(c.readMs()), without(c.pullMsPerAuthor()), without(c.postMs()), without(c.callUs()),
                c.fanoutCallsPerSecond(), c.bytesPerEntry(), c.entryChars(), c.bytesPerRecentEntry(), c.bytesPerCachedTweet(),
                c.bytesPerActiveUser(), c.pgBytesPerTweet(), c.pgBytesPerFollow(), c.pgBytesPerUser(), c.eventBytes(), c.tweetChars());
    }

    private static void plan() throws Exception {
        List<Measured> sizes = new ArrayList<>();
        try (Stream<Path> files = Files.list(RESULTS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("capacity-measured-\\d+\\.json")).toList()) {
                sizes.add(JSON.readValue(f.toFile(), Measured.class));
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalStateException("no bench/results/capacity-measured-*.json: run scripts/capacity.sh measure first");
        }
        sizes.sort(Comparator.comparingLong(Measured::users));
        Measured largest = sizes.get(sizes.size() - 1);
        Measured smallest = sizes.get(0);

        StringBuilder md = new StringBuilder();
        Map<String, Object> json = new LinkedHashMap<>();
        md.append("# Capacity plan ").append(LocalDateTime.now().withNano(0)).append("\n\n");
        md.append("From `scripts/capacity.sh plan` (`CapacityModel`, docs/scale.md). Costs measured by `scripts/capacity.sh measure` at ");
        md.append(String.join(" and ", sizes.stream().map(m -> String.format(Locale.ROOT, "%,d users (%s; %s)", m.users(), m.date(), m.load())).toList()));
        md.append("; ").append(largest.machine()).append(".\n\n");

        md.append("## The measured sizes, and the model against them\n\n");
        md.append("| size | users | follows | tweets | graph loaded in | Valkey used | PostgreSQL (users + follows + tweets) |\n|---|---|---|---|---|---|---|\n");
        for (Measured m : sizes) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %s | %.1f MB | %.1f MB |%n", m.users(), m.users(), m.follows(), m.tweets(),
                    m.graphSeconds() == 0 ? "before this run" : String.format(Locale.ROOT, "%.0f s", m.graphSeconds()), m.valkeyUsedBytes() / 1e6, m.pgBytes().values().stream().mapToLong(Long::longValue).sum() / 1e6));
        }
        md.append("\nEach size predicted by the model from the *other* size's costs (the graph-shape rows from the model alone):\n\n");
        md.append("| users | quantity | predicted | measured | error | from |\n|---|---|---|---|---|---|\n");
        List<Check> checks = new ArrayList<>();
        for (Measured m : sizes) {
            Measured other = m == smallest ? largest : smallest;
            checks.addAll(checks(m, other));
        }
        for (Check k : checks) {
            md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %+.0f %% | %s |%n", k.users(), k.quantity(), num(k.predicted()),
                    num(k.measured()), k.error() * 100, k.from()));
        }
        json.put("sizes", sizes);
        json.put("checks", checks);

        Targets targets = Targets.design();
        // storage and the graph from the largest size; CPU from the run measured last, on the suite that had run longest
        // (the JIT compiles each path on its first thousands of calls, and that compiling is CPU the process is charged)
        Measured latest = sizes.stream().max(Comparator.comparing(Measured::date)).orElseThrow();
        Costs costs = withCpuOf(nonNegative(largest.costs()), nonNegative(latest.costs()));
        Fleet fleet = Fleet.standard();
        Plan plan = CapacityModel.plan(targets, costs, fleet);
        json.put("targets", targets);
        json.put("fleet", fleet);
        json.put("costs", costs);
        json.put("plan", plan);
        CapacityModel.Followers top = CapacityModel.Followers.of(targets.users(), targets.meanFollows(), targets.exponent());
        md.append("\n## The design's targets\n\n");
        md.append(String.format(Locale.ROOT, "%,d users, %,.0f tweets a day (%,.0f/s at peak, %.0fx the mean), %,.0f home reads/s at peak; "
                        + "follows %.0f per user on average, follower counts Zipf with exponent %.2f by rank (saturating at every user; "
                        + "the most followed account %s, the 10th %s, the 100th %s); "
                        + "tiers: normal below %,.0f followers, influencer to %,.0f, celebrity from there; %.0f %% of users read in the last 7 days "
                        + "(their timelines cached, %d entries), %.0f %% in the last day. Bytes from the %,d-user run, CPU from the %,d-user run "
                        + "measured last (%s, on the warmest suite).%n%n",
                targets.users(), targets.tweetsPerDay(), plan.peakPostsPerSecond(), targets.peakFactor(), targets.peakReadsPerSecond(),
                targets.meanFollows(), targets.exponent(), num(top.at(1)), num(top.at(10)), num(top.at(100)), targets.influencerThreshold(), targets.celebrityThreshold(), targets.cachedShare() * 100,
                targets.timelineCap(), targets.activeShare() * 100, largest.users(), latest.users(), latest.date()));
        appendPlan(md, plan, fleet);

        md.append("\n## The celebrity threshold\n\n");
        md.append("Each row the same targets with another celebrity threshold (the influencer tier from 10,000 followers, or none below "
                + "that), under the plan's follower law and under the bench generator's steeper one (exponent 1.1: the top accounts followed "
                + "by nearly everyone):\n\n");
        md.append("| exponent | celebrity from | celebrities | pulled per read | fanout calls/s | Valkey inserts/s | read-time pull CPU (cores) | "
                + "largest push (followers), its time | fanout-worker | timeline-service | Valkey masters |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double exponent : new double[] {targets.exponent(), SocialGraphLoader.ZIPF_EXPONENT}) {
            CapacityModel.Followers f = CapacityModel.Followers.of(targets.users(), targets.meanFollows(), exponent);
            for (double threshold : new double[] {1_000, 10_000, 100_000, 1_000_000, 10_000_000, Double.POSITIVE_INFINITY}) {
                Targets t = targets.withExponent(exponent).withThresholds(Math.min(10_000, threshold), threshold);
                Plan p = CapacityModel.plan(t, costs, fleet);
                double pullCores = targets.peakReadsPerSecond() * p.tiers().pulledPerRead() * Costs.sum(costs.pullMsPerAuthor()) / 1e3;
                double largestPush = f.at(p.tiers().celebrities() + 1);
                md.append(String.format(Locale.ROOT, "| %.2f | %s | %,d | %.1f | %s | %s | %.0f | %s, %s | %d | %d | %d |%n", exponent,
                        Double.isInfinite(threshold) ? "never (pure push)" : String.format(Locale.ROOT, "%,.0f", threshold), p.tiers().celebrities(),
                        p.tiers().pulledPerRead(), num(p.callsPerSecond()), num(p.insertsPerSecond()), pullCores, num(largestPush),
                        duration(p.largestFanoutSeconds()), p.instances().get("fanout-worker"), p.instances().get("timeline-service"), p.valkeyMasters()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("exponent", exponent);
                row.put("celebrityThreshold", Double.isInfinite(threshold) ? null : threshold);
                row.put("plan", p);
                row.put("pullCores", pullCores);
                rows.add(row);
            }
        }
        json.put("thresholds", rows);

        String date = LocalDate.now().toString();
        Files.writeString(RESULTS.resolve("capacity-" + date + ".md"), md.toString());
        JSON.writeValue(RESULTS.resolve("capacity-" + date + ".json").toFile(), json);
        System.out.print(md);
        System.out.println();
        System.out.println("Written to " + RESULTS.resolve("capacity-" + date + ".md") + " and .json");
    }

    private static void appendPlan(StringBuilder md, Plan p, Fleet fleet) {
        Tiers t = p.tiers();
        md.append(String.format(Locale.ROOT, "Tiers: %,d celebrities, %,d influencers; a tweet makes %.1f fanout calls and %.1f inserts on average; "
                        + "a read pulls %.1f authors. At peak: %s fanout calls/s, %s inserts/s.%n%n",
                t.celebrities(), t.influencers(), t.callsPerTweet(), t.insertsPerTweet(), t.pulledPerRead(), num(p.callsPerSecond()),
                num(p.insertsPerSecond())));
        md.append("| part | what it takes | how |\n|---|---|---|\n");
        double valkeyGb = p.valkeyGb().values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder parts = new StringBuilder();
        p.valkeyGb().forEach((k, v) -> parts.append(parts.isEmpty() ? "" : ", ").append(k).append(' ').append(num(v)).append(" GB"));
        md.append(String.format(Locale.ROOT, "| Valkey memory | %s GB | %s |%n", num(valkeyGb), parts));
        md.append(String.format(Locale.ROOT, "| Valkey nodes | %d masters + %d replicas = %d | %.0f GB nodes, %.0f %% of it data; %.0f cores of Valkey work "
                        + "at peak, at most %.0f %% of one core per master |%n", p.valkeyMasters(), p.valkeyNodes() - p.valkeyMasters(), p.valkeyNodes(),
                fleet.valkeyNodeGb(), fleet.valkeyUsable() * 100, p.valkeyOpsCores(), fleet.utilisation() * 100));
        for (Map.Entry<String, Integer> e : p.instances().entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %d instances | %.0f cores at peak, %d-core instances at %.0f %% |%n", e.getKey(), e.getValue(),
                    p.cores().getOrDefault(e.getKey(), 0.0), fleet.serviceCores(), fleet.utilisation() * 100));
        }
        md.append(String.format(Locale.ROOT, "| Kafka | %d partitions of tweet.created, %d brokers | %.0f MB/s at peak (replication factor %d, %d consumer groups "
                        + "and every timeline-service instance read it) |%n", p.partitions(), p.brokers(), p.kafkaMbPerSecond(), fleet.replicationFactor(),
                fleet.tweetConsumerGroups()));
        StringBuilder pg = new StringBuilder();
        p.pgTb().forEach((k, v) -> pg.append(pg.isEmpty() ? "" : ", ").append(k).append(' ').append(num(v)).append(" TB"));
        md.append(String.format(Locale.ROOT, "| PostgreSQL | %s TB after a year, %d shards (%d servers with a replica each) | %s; %.0f TB per shard |%n",
                num(p.pgTb().values().stream().mapToDouble(Double::doubleValue).sum()), p.pgShards(), p.pgServers(), pg, fleet.pgShardTb()));
        StringBuilder cores = new StringBuilder();
        new TreeMap<>(p.cores()).forEach((k, v) -> cores.append(cores.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.0f", v)));
        md.append(String.format(Locale.ROOT, "| CPU at peak, by process | %.0f cores | %s |%n",
                p.cores().values().stream().mapToDouble(Double::doubleValue).sum(), cores));
        md.append(String.format(Locale.ROOT, "| the largest push | %s | the most followed account below the celebrity threshold, at one event's measured rate |%n",
                duration(p.largestFanoutSeconds())));
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        // the unit is chosen on the value as printed, so 999,999 is 1.00 M, not 1000 K
        if (a >= 999.5e6) {
            return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        }
        if (a >= 999.5e3) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.0f K", v / 1e3);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String duration(double seconds) {
        return seconds < 1 ? String.format(Locale.ROOT, "%.0f ms", seconds * 1e3)
                : seconds < 120 ? String.format(Locale.ROOT, "%.1f s", seconds) : String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
}
