package dev.twitterlike.bench;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.common.timeline.TimelineStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fanout lab ({@code scripts/lab.sh}; docs/lab.md): the same workload on the same power-law
 * graph under four fanout strategies, switched by the flags graph-service keeps
 * ({@code is_celebrity}, {@code is_influencer}), so every mode runs the real services' real
 * code paths:
 * <ul>
 *   <li><b>push</b>: every author pushed to every cached follower (no one is a celebrity);</li>
 *   <li><b>pull</b>: no one pushed, every followed account pulled at read time (everyone a celebrity);</li>
 *   <li><b>hybrid</b>: the largest accounts pulled, everyone else pushed;</li>
 *   <li><b>tiered</b>: hybrid plus the influencer tier (pushed only to followers who read in the last day).</li>
 * </ul>
 * Per mode it measures home reads at fixed open-loop rates, timeline writes per tweet, Valkey
 * memory, tweet-to-visible per tier of author, and ordinary tweets' delivery right after a very
 * large account's (the celebrity problem: head-of-line blocking in the fanout queue). Writes
 * {@code bench/results/lab-<date>.md}, {@code .json} and four SVG charts; the narrative is
 * generated from the figures.
 */
public final class Lab {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> MODES = List.of("push", "pull", "hybrid", "tiered");
    private static final List<String> TIERS = List.of("normal", "influencer", "celebrity");
    /** Cached timelines of users who are not readers: last read two days ago (away: past the active window). */
    private static final Duration AWAY_TTL = Duration.ofDays(5);
    private static final Pattern FANNED = Pattern.compile("(?m)^twitter_fanout_duration_seconds_count\\{[^}]*} ([0-9.E+]+)");

    /** One mode's figures, as the JSON holds them. */
    record Reads(int rate, double p50, double p99, long errors, long requests) {
    }

    record Delivery(int samples, double p50, double p99, double max) {
    }

    record Burst(int followersOfBigAccount, int ordinaryTweets, int partition, double bigTweetDeliveredMs,
            List<Double> ordinaryDelaysMs, double ordinaryP50, double ordinaryMax, long maxBacklog, double drainedMs) {
    }

    record Mode(String name, String description, List<Reads> reads, double writesPerTweet, Map<String, Double> writesPerTweetByTier,
            Map<String, Double> skippedPerTweetByTier, long valkeyBytesBefore, long valkeyBytesAfter,
            Map<String, Delivery> visibleByTier, Burst burst) {
    }

    record Result(String date, String machine, int users, long follows, double meanFollowing, int readers, double awayShare,
            int celebrityThreshold, int influencerThreshold, Map<String, Integer> authorsPerTier, List<Mode> modes,
            List<String> findings) {
    }

    private final BenchConfig config;
    private final Api api;
    private final Connection db;
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> redisAsync;
    private final SplittableRandom random = new SplittableRandom(11);
    private final List<Long> readers = new ArrayList<>();
    private final List<Long> readerSet;
    private final int[] rates;
    private final int seconds;
    private final int postsPerTier;
    private final int celebrities;
    private final int influencers;
    private int celebrityThreshold;
    private int influencerThreshold;
    private final Map<String, List<Long>> pools = new LinkedHashMap<>();
    private final Map<Long, Integer> followerCounts = new java.util.HashMap<>();
    /** The most followed account: a celebrity in hybrid, the burst's big tweet. */
    private long largest;

    private Lab(BenchConfig config, Connection db, StatefulRedisConnection<String, String> redis, Map<String, String> env) {
        this.config = config;
        this.api = new Api(config.gateway(), config.timeline(), config.internalSecret());
        this.db = db;
        this.redis = redis.sync();
        this.redisAsync = redis.async();
        this.rates = java.util.Arrays.stream(env.getOrDefault("LAB_RATES", "100,250,500,750").split(","))
                .mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        this.seconds = Integer.parseInt(env.getOrDefault("LAB_SECONDS", "6"));
        this.postsPerTier = Integer.parseInt(env.getOrDefault("LAB_POSTS", "6"));
        this.celebrities = Integer.parseInt(env.getOrDefault("LAB_CELEBRITIES", "3"));
        this.influencers = Integer.parseInt(env.getOrDefault("LAB_INFLUENCERS", "60"));
        int readerCount = Math.min(config.users(), Integer.parseInt(env.getOrDefault("LAB_READERS", "2000")));
        java.util.Set<Long> chosen = new java.util.LinkedHashSet<>();
        while (chosen.size() < readerCount) {
            chosen.add(SocialGraphLoader.userId(random.nextInt(config.users())));
        }
        readers.addAll(chosen);
        readerSet = List.copyOf(chosen);
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromEnvironment();
        RedisClient client = config.redisClient();
        try (Connection db = config.database();
             StatefulRedisConnection<String, String> redis = client.connect()) {
            new Lab(config, db, redis, System.getenv()).run(!"reuse".equals(System.getenv("LAB_GRAPH")));
        } finally {
            client.shutdown();
        }
    }

    private void run(boolean loadGraph) throws Exception {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        long follows;
        if (loadGraph) {
            progress("loading a power-law graph of " + config.users() + " users");
            follows = new SocialGraphLoader(config.users(), config.minFollows()).load(db);
        } else {
            follows = single("SELECT count(*) FROM graph.follows WHERE " + SocialGraphLoader.benchUser("follower_id"));
        }
        Bench.plantSessions(db, redisAsync, config.users());
        chooseAuthors();
        warmUp();
        List<Mode> modes = new ArrayList<>();
        for (String mode : MODES) {
            modes.add(runMode(mode));
            settle();
        }
        setFlags("tiered"); // leave the suite as the default strategy has it
        Map<String, Integer> perTier = new LinkedHashMap<>();
        perTier.put("normal", (int) single("SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                + " AND follower_count < " + influencerThreshold));
        perTier.put("influencer", (int) single("SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                + " AND follower_count >= " + influencerThreshold + " AND follower_count < " + celebrityThreshold));
        perTier.put("celebrity", (int) single("SELECT count(*) FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                + " AND follower_count >= " + celebrityThreshold));
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
                + "; the whole suite and this load generator share it (load average " + loadBefore + " at the start, "
                + loadAverage() + " at the end)";
        double awayShare = 1 - readers.size() / (double) (config.users() + 1);
        Result result = new Result(LocalDateTime.now().withNano(0).toString(), machine, config.users(), follows,
                follows / (double) config.users(), readers.size(), awayShare, celebrityThreshold, influencerThreshold, perTier, modes, List.of());
        result = new Result(result.date(), machine, result.users(), follows, result.meanFollowing(), result.readers(), awayShare,
                celebrityThreshold, influencerThreshold, perTier, modes, findings(result));
        write(result, (System.nanoTime() - started) / 1e9);
    }

    // ---- the graph's tiers and the authors each tier posts from

    private void chooseAuthors() throws Exception {
        List<long[]> ranked = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, follower_count FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                     + " ORDER BY follower_count DESC, id LIMIT " + (celebrities + influencers + 1))) {
            while (rs.next()) {
                ranked.add(new long[] {rs.getLong(1), rs.getLong(2)});
                followerCounts.put(rs.getLong(1), rs.getInt(2));
            }
        }
        largest = ranked.get(0)[0];
        // the tiers' bounds scaled to the graph: the largest few accounts are celebrities, the next ones influencers
        celebrityThreshold = (int) ranked.get(celebrities - 1)[1];
        influencerThreshold = (int) ranked.get(Math.min(ranked.size() - 1, celebrities + influencers - 1))[1];
        pools.put("celebrity", withReaderFollower(ranked.subList(0, celebrities).stream().map(r -> r[0]).toList()));
        pools.put("influencer", withReaderFollower(ranked.subList(celebrities, ranked.size() - 1).stream().map(r -> r[0]).toList()));
        List<Long> normal = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT id, follower_count FROM graph.users WHERE " + SocialGraphLoader.benchUser("id")
                + " AND follower_count BETWEEN 5 AND ? ORDER BY id LIMIT 400")) {
            st.setInt(1, Math.max(5, influencerThreshold / 2));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    normal.add(rs.getLong(1));
                    followerCounts.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        pools.put("normal", withReaderFollower(normal));
        progress("tiers: celebrity >= " + celebrityThreshold + " followers, influencer >= " + influencerThreshold);
    }

    /** The authors that have a reader among their followers (whose timeline shows when a tweet arrived). */
    private List<Long> withReaderFollower(List<Long> authors) throws Exception {
        List<Long> kept = new ArrayList<>();
        for (long author : authors) {
            if (readerFollowerOf(author) != null) {
                kept.add(author);
            }
        }
        return kept;
    }

    private final Map<Long, Long> readerFollower = new java.util.HashMap<>();

    private Long readerFollowerOf(long author) throws Exception {
        if (readerFollower.containsKey(author)) {
            return readerFollower.get(author);
        }
        try (PreparedStatement st = db.prepareStatement(
                "SELECT follower_id FROM graph.follows WHERE following_id = ? AND follower_id = ANY(?) ORDER BY follower_id LIMIT 1")) {
            st.setLong(1, author);
            st.setArray(2, db.createArrayOf("bigint", readerSet.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                Long follower = rs.next() ? rs.getLong(1) : null;
                readerFollower.put(author, follower);
                return follower;
            }
        }
    }

    /**
     * An unrecorded pass before the first mode: the services' JIT compiles the read, post and
     * fanout paths, so the first mode measured is not also the first one run.
     */
    private void warmUp() throws Exception {
        progress("warming up (unrecorded)");
        setFlags("tiered");
        resetTimelines();
        Thread.sleep(2_000);
        warm();
        Load.fixedRate(Math.min(100, rates[0]), 5, n -> api.homeAsync(readers.get((int) (n % readers.size())), "?limit=20"));
        for (String tier : TIERS) {
            for (long author : pools.get(tier).subList(0, Math.min(2, pools.get(tier).size()))) {
                post(author, "warming up");
            }
        }
        warm();
    }

    /**
     * After a mode (perhaps overloaded at its last rate): wait until the suite answers reads
     * quickly again and the fanout is idle, so the next mode starts from the same place.
     */
    private void settle() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int quick = 0;
        long fanned = fannedOut();
        while (System.nanoTime() < deadline && quick < 5) {
            long t0 = System.nanoTime();
            Api.Response r = api.home(readers.get(random.nextInt(readers.size())), "?limit=20");
            boolean fast = r.status() == 200 && System.nanoTime() - t0 < 200_000_000L;
            long now = fannedOut();
            quick = fast && now == fanned ? quick + 1 : 0;
            fanned = now;
            Thread.sleep(200);
        }
    }

    // ---- one mode

    private Mode runMode(String mode) throws Exception {
        progress("mode " + mode);
        setFlags(mode);
        resetTimelines();
        Thread.sleep(2_000); // timeline-service re-reads whom it pulls every second; Valkey frees the old lists
        long bytesBefore = usedMemory();
        warm();
        Map<String, Delivery> visible = new LinkedHashMap<>();
        Map<String, Double> writesByTier = new LinkedHashMap<>();
        Map<String, Double> skippedByTier = new LinkedHashMap<>();
        double inserted = 0;
        int posts = 0;
        for (String tier : TIERS) {
            List<Long> pool = pools.get(tier);
            if (pool.isEmpty()) {
                continue;
            }
            Histogram latency = new Histogram(3);
            double insertedBefore = deliveries("inserted");
            double skippedBefore = deliveries("inactive");
            long fannedBefore = fannedOut();
            for (int i = 0; i < postsPerTier; i++) {
                long author = pool.get(i % pool.size());
                long id = post(author, mode + " " + tier + " " + i);
                awaitVisible(mode, tier, author, id, System.nanoTime(), latency); // from the 201: the tweet is accepted
            }
            awaitFanouts(fannedBefore + postsPerTier);
            double tierInserted = deliveries("inserted") - insertedBefore;
            writesByTier.put(tier, tierInserted / postsPerTier);
            skippedByTier.put(tier, (deliveries("inactive") - skippedBefore) / postsPerTier);
            inserted += tierInserted;
            posts += postsPerTier;
            visible.put(tier, new Delivery((int) latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0));
        }
        Burst burst = burst(mode);
        long bytesAfter = usedMemory();
        List<Reads> reads = new ArrayList<>();
        for (int rate : rates) {
            Load.Result r = Load.fixedRate(rate, seconds, n -> api.homeAsync(readers.get((int) (n % readers.size())), "?limit=20"));
            reads.add(new Reads(rate, r.latency().getValueAtPercentile(50) / 1000.0, r.latency().getValueAtPercentile(99) / 1000.0,
                    r.errors(), r.requests()));
            progress(String.format(Locale.ROOT, "  %s, %d reads/s: p50 %.1f ms, p99 %.1f ms, %d errors", mode, rate,
                    reads.get(reads.size() - 1).p50(), reads.get(reads.size() - 1).p99(), r.errors()));
            if (r.errors() > r.requests() / 100 || r.latency().getValueAtPercentile(99) > 2_000_000) {
                break; // overloaded: higher rates only queue
            }
        }
        return new Mode(mode, describe(mode), reads, posts == 0 ? 0 : inserted / posts, writesByTier, skippedByTier,
                bytesBefore, bytesAfter, visible, burst);
    }

    private String describe(String mode) {
        return switch (mode) {
            case "push" -> "every author pushed to every cached follower";
            case "pull" -> "no one pushed; every followed account pulled at read time";
            case "hybrid" -> "accounts with " + celebrityThreshold + "+ followers pulled, everyone else pushed";
            default -> "hybrid, and accounts with " + influencerThreshold + "+ followers pushed only to followers active in the last day";
        };
    }

    /** The strategy, as graph-service's flags: the fanout reads them per tweet, timeline-service every second. */
    private void setFlags(String mode) throws Exception {
        String celebrity = switch (mode) {
            case "push" -> "FALSE";
            case "pull" -> "TRUE";
            default -> "follower_count >= " + celebrityThreshold;
        };
        String influencer = mode.equals("tiered") ? "follower_count >= " + influencerThreshold : "FALSE";
        try (Statement st = db.createStatement()) {
            st.execute("UPDATE graph.users SET is_celebrity = (" + celebrity + "), is_influencer = (" + influencer
                    + "), demoted_at = NULL WHERE " + SocialGraphLoader.benchUser("id"));
        }
    }

    /**
     * Every bench user's timeline cached and empty (the sentinel), recent lists gone: readers'
     * as just read, everyone else's as last read two days ago (away, past the active window).
     */
    private void resetTimelines() throws Exception {
        List<RedisFuture<?>> pending = new ArrayList<>();
        java.util.Set<Long> active = new java.util.HashSet<>(readers);
        for (int i = -1; i < config.users(); i++) {
            long id = i < 0 ? SocialGraphLoader.FANOUT_AUTHOR : SocialGraphLoader.userId(i);
            String key = TimelineStore.timelineKey(id);
            pending.add(redisAsync.del(key, TimelineStore.gapKey(id), TimelineStore.recentKey(id)));
            pending.add(redisAsync.rpush(key, TimelineEntry.SENTINEL));
            pending.add(redisAsync.expire(key, active.contains(id) ? Duration.ofDays(7) : AWAY_TTL));
            if (pending.size() > 3_000) {
                await(pending);
            }
        }
        await(pending);
    }

    private static void await(List<RedisFuture<?>> pending) throws Exception {
        for (RedisFuture<?> f : pending) {
            f.get();
        }
        pending.clear();
    }

    /** Every reader reads once, 16 at a time: their recent lists and following sets are cached, as for returning users. */
    private void warm() throws Exception {
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

    // ---- delivery

    private long post(long author, String content) throws Exception {
        Api.Response posted = api.post(author, content);
        for (int retry = 0; retry < 20 && posted.status() == 503; retry++) {
            Thread.sleep(500); // a breaker open after an overloaded rate: it closes again within seconds
            posted = api.post(author, content);
        }
        if (posted.status() != 201) {
            throw new IllegalStateException("POST /api/tweets as " + author + ": HTTP " + posted.status() + " " + posted.body()
                    + (posted.status() == 429 ? " (start the suite with RATE_LIMITS=off)" : ""));
        }
        return Long.parseLong(JSON.readTree(posted.body()).path("id").asString());
    }

    /** Whether this mode pulls the author at read time (then the tweet is visible once it is in their recent list). */
    private boolean pulled(String mode, long author) {
        return mode.equals("pull") || (!mode.equals("push") && followerCounts.getOrDefault(author, 0) >= celebrityThreshold);
    }

    /**
     * Whether a reader following the author would see the tweet on their next read: it is in
     * the reader's cached timeline (pushed), or in the author's recent list (pulled).
     */
    private boolean visible(String mode, long author, long tweet) throws Exception {
        String entry = TimelineEntry.tweet(tweet, author).encode();
        String key = pulled(mode, author) ? TimelineStore.recentKey(author) : TimelineStore.timelineKey(readerFollowerOf(author));
        return redis.lrange(key, 0, 30).contains(entry);
    }

    private void awaitVisible(String mode, String tier, long author, long tweet, long t0, Histogram latency) throws Exception {
        while (!visible(mode, author, tweet)) {
            if (System.nanoTime() - t0 > 15_000_000_000L) {
                throw new IllegalStateException(mode + ": a " + tier + "'s tweet " + tweet + " was not visible after 15 s");
            }
            Thread.sleep(1);
        }
        latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
    }

    /**
     * The celebrity problem in the open: the largest account posts, and right after it a few
     * ordinary authors whose tweets land on the same Kafka partition (the same consumer, in
     * order). Under push they wait behind its fanout; measured from each POST to the moment a
     * follower's next read would show it, with the fanout backlog sampled meanwhile.
     */
    private Burst burst(String mode) throws Exception {
        long big = largest;
        int followers = followerCounts.get(big);
        int partition = partition(big);
        List<Long> ordinary = new ArrayList<>();
        for (long author : pools.get("normal")) {
            if (partition(author) == partition && ordinary.size() < 8) {
                ordinary.add(author);
            }
        }
        boolean bigIsInfluencer = mode.equals("tiered") && followers >= influencerThreshold && followers < celebrityThreshold;
        long lastFollower = single("SELECT max(follower_id) FROM graph.follows WHERE following_id = " + big);
        long fannedBefore = fannedOut();
        // posted from another thread, one after the other as users would, while this one watches
        // for each tweet to arrive: the delay of each counts from its own POST
        int n = ordinary.size();
        java.util.concurrent.atomic.AtomicLongArray tweets = new java.util.concurrent.atomic.AtomicLongArray(n + 1);
        java.util.concurrent.atomic.AtomicLongArray postedAt = new java.util.concurrent.atomic.AtomicLongArray(n + 1);
        java.util.concurrent.atomic.AtomicInteger posted = new java.util.concurrent.atomic.AtomicInteger();
        long t0 = System.nanoTime();
        java.util.concurrent.ExecutorService posters = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CompletableFuture<Void> posting = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                long id = post(big, mode + " from the largest account");
                postedAt.set(0, System.nanoTime());
                tweets.set(0, id);
                posted.incrementAndGet();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, posters).thenCompose(bigPosted -> {
            // then the ordinary authors, all at about the same moment, as independent users would
            List<java.util.concurrent.CompletableFuture<Void>> each = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int slot = i;
                each.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        long id = post(ordinary.get(slot - 1), mode + " ordinary " + slot);
                        postedAt.set(slot, System.nanoTime()); // delivery counts from the 201
                        tweets.set(slot, id);
                        posted.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, posters));
            }
            return java.util.concurrent.CompletableFuture.allOf(each.toArray(java.util.concurrent.CompletableFuture[]::new));
        });
        double[] delays = new double[n];
        double bigDelivered = -1;
        long maxBacklog = 0;
        int remaining = n + 1;
        long lastSample = 0;
        double drained = -1;
        while (remaining > 0 || drained < 0) {
            long now = System.nanoTime();
            if (now - t0 > 30_000_000_000L || posting.isCompletedExceptionally()) {
                posting.join(); // a failed POST says why
                throw new IllegalStateException(mode + ": the burst was not delivered within 30 s");
            }
            int sent = posted.get();
            if (bigDelivered < 0 && tweets.get(0) != 0 && bigFollowerSees(mode, bigIsInfluencer, big, lastFollower, tweets.get(0))) {
                bigDelivered = (System.nanoTime() - postedAt.get(0)) / 1e6;
                remaining--;
            }
            for (int i = 0; i < n; i++) {
                if (delays[i] == 0 && tweets.get(i + 1) != 0 && visible(mode, ordinary.get(i), tweets.get(i + 1))) {
                    delays[i] = Math.max(0.001, (System.nanoTime() - postedAt.get(i + 1)) / 1e6);
                    remaining--;
                }
            }
            if (now - lastSample > 20_000_000L) {
                lastSample = now;
                long fanned = fannedOut() - fannedBefore;
                maxBacklog = Math.max(maxBacklog, sent - fanned);
                if (sent == n + 1 && fanned >= n + 1 && drained < 0) {
                    drained = (System.nanoTime() - t0) / 1e6;
                }
            }
            Thread.sleep(1);
        }
        posting.join();
        posters.shutdown();
        List<Double> list = new ArrayList<>();
        for (double d : delays) {
            list.add(Math.round(d * 10) / 10.0);
        }
        List<Double> sorted = new ArrayList<>(list);
        sorted.sort(null);
        double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        return new Burst(followers, ordinary.size(), partition, bigDelivered, list, p50, max, maxBacklog, drained);
    }

    /** The largest account's tweet is delivered when its last follower (in id order, the fanout's order) has it, or it is pullable. */
    private boolean bigFollowerSees(String mode, boolean influencer, long big, long lastFollower, long tweet) {
        String entry = TimelineEntry.tweet(tweet, big).encode();
        if (pulled(mode, big)) {
            return redis.lrange(TimelineStore.recentKey(big), 0, 30).contains(entry);
        }
        // under the influencer tier the last follower may be away: then its gap flag marks the fanout's end
        if (influencer && !readers.contains(lastFollower)) {
            return redis.exists(TimelineStore.gapKey(lastFollower)) == 1;
        }
        return redis.lrange(TimelineStore.timelineKey(lastFollower), 0, 30).contains(entry);
    }

    /** The partition Kafka's default partitioner gives an author's events (keyed by the author's id). */
    private static int partition(long author) {
        return Utils.toPositive(Utils.murmur2(Long.toString(author).getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
    }

    // ---- the services' and Valkey's figures

    private long fannedOut() {
        return (long) Prometheus.sum(FANNED, api.metrics(config.fanoutMetrics()));
    }

    private double deliveries(String result) {
        return Prometheus.sum(api.metrics(config.fanoutMetrics()), "twitter_fanout_deliveries_total", "result=\"" + result + "\"");
    }

    private void awaitFanouts(long target) throws Exception {
        for (int i = 0; i < 300 && fannedOut() < target; i++) {
            Thread.sleep(100);
        }
    }

    private long usedMemory() {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(redis.info("memory"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private long single(String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The 1-minute load average (/proc/loadavg): how busy the shared machine was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void progress(String text) {
        System.out.println("lab: " + text);
    }

    // ---- the story the figures tell

    private static Mode mode(Result r, String name) {
        return r.modes().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** The highest offered rate every mode was measured at. */
    private static Reads at(Mode m, int rate) {
        return m.reads().stream().filter(x -> x.rate() == rate).findFirst().orElse(null);
    }

    static List<String> findings(Result r) {
        Mode push = mode(r, "push");
        Mode pull = mode(r, "pull");
        Mode hybrid = mode(r, "hybrid");
        Mode tiered = mode(r, "tiered");
        List<String> f = new ArrayList<>();
        f.add(String.format(Locale.ROOT, "**Write amplification.** Pure push wrote %.0f timeline entries per tweet on average, "
                        + "%.0f for a celebrity's; hybrid %.0f (a celebrity's: %.0f, only into the author's own lists), "
                        + "the influencer tier %.0f (an influencer's: %.0f instead of %.0f under hybrid), pure pull %.1f. "
                        + "Every entry written is work the fanout queue must finish before the next event on its partition.",
                push.writesPerTweet(), push.writesPerTweetByTier().getOrDefault("celebrity", 0.0), hybrid.writesPerTweet(),
                hybrid.writesPerTweetByTier().getOrDefault("celebrity", 0.0), tiered.writesPerTweet(),
                tiered.writesPerTweetByTier().getOrDefault("influencer", 0.0), hybrid.writesPerTweetByTier().getOrDefault("influencer", 0.0),
                pull.writesPerTweet()));
        Burst pb = push.burst();
        Burst hb = hybrid.burst();
        f.add(String.format(Locale.ROOT, "**The celebrity problem.** Right after a %,d-follower account posted, %d ordinary tweets "
                        + "on the same Kafka partition took p50 %.0f ms (the slowest %.0f ms) to reach a follower under pure push: "
                        + "they queued behind the big fanout (backlog up to %d events; the big tweet reached its last follower after %.0f ms). "
                        + "Under hybrid the same tweets took p50 %.0f ms (the slowest %.0f ms): the big account's tweet costs the queue "
                        + "one write to its recent list, and its followers pull it when they read.",
                pb.followersOfBigAccount(), pb.ordinaryTweets(), pb.ordinaryP50(), pb.ordinaryMax(), pb.maxBacklog(),
                pb.bigTweetDeliveredMs(), hb.ordinaryP50(), hb.ordinaryMax()));
        int common = 0;
        for (Reads x : push.reads()) {
            if (at(pull, x.rate()) != null && at(hybrid, x.rate()) != null && at(tiered, x.rate()) != null) {
                common = x.rate();
            }
        }
        if (common > 0) {
            f.add(String.format(Locale.ROOT, "**The price of pulling.** At %d home reads/s, p99 was %.1f ms under pure push, %.1f under "
                            + "hybrid, %.1f with the influencer tier and %.1f under pure pull, where every read merges the recent lists "
                            + "of every account the reader follows (%.0f on average) instead of reading one list.",
                    common, at(push, common).p99(), at(hybrid, common).p99(), at(tiered, common).p99(), at(pull, common).p99(),
                    r.meanFollowing()));
        }
        f.add(String.format(Locale.ROOT, "**Where each mode gives out.** The highest offered rate served without overload (at most "
                        + "1%% errors, p99 under 2 s) was %s under pure push, %s under hybrid, %s with the influencer tier and %s "
                        + "under pure pull (rates tried up to %d reads/s).",
                rateOrNone(push), rateOrNone(hybrid), rateOrNone(tiered), rateOrNone(pull),
                push.reads().stream().mapToInt(Reads::rate).max().orElse(0)));
        f.add(String.format(Locale.ROOT, "**Memory.** From empty timelines to the end of each mode's tweets, Valkey grew by %.2f MB "
                        + "under pure push, %.2f under hybrid, %.2f with the influencer tier and %.2f under pure pull: timeline "
                        + "entries written, recent lists the reads pulled in, and the same tweet and user caches in every mode.",
                mb(push.valkeyBytesAfter() - push.valkeyBytesBefore()), mb(hybrid.valkeyBytesAfter() - hybrid.valkeyBytesBefore()),
                mb(tiered.valkeyBytesAfter() - tiered.valkeyBytesBefore()), mb(pull.valkeyBytesAfter() - pull.valkeyBytesBefore())));
        Delivery pushCeleb = push.visibleByTier().get("celebrity");
        Delivery hybridCeleb = hybrid.visibleByTier().get("celebrity");
        Delivery tieredInfluencer = tiered.visibleByTier().get("influencer");
        if (pushCeleb != null && hybridCeleb != null && tieredInfluencer != null) {
            f.add(String.format(Locale.ROOT, "**Tweet to visible.** A celebrity's tweet was visible to a follower after p50 %.0f ms "
                            + "(p99 %.0f) under pure push and %.0f ms (p99 %.0f) under hybrid, where it only has to reach the recent "
                            + "list. An influencer's reached an active follower after p50 %.0f ms with the influencer tier; the %.0f%% "
                            + "of followers away for more than a day (%.0f timelines per influencer tweet) got a gap flag instead "
                            + "and catch up from PostgreSQL at their next read.",
                    pushCeleb.p50(), pushCeleb.p99(), hybridCeleb.p50(), hybridCeleb.p99(), tieredInfluencer.p50(),
                    r.awayShare() * 100, tiered.skippedPerTweetByTier().getOrDefault("influencer", 0.0)));
        }
        return f;
    }

    private static String rateOrNone(Mode m) {
        int rate = lastRate(m);
        return rate == 0 ? "none of the rates" : rate + " reads/s";
    }

    private static int lastRate(Mode m) {
        int best = 0;
        for (Reads x : m.reads()) {
            if (x.errors() <= x.requests() / 100 && x.p99() <= 2_000) {
                best = Math.max(best, x.rate());
            }
        }
        return best;
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    // ---- results

    private void write(Result r, double seconds) throws Exception {
        Path dir = Path.of("bench", "results");
        Files.createDirectories(dir);
        String base = "lab-" + LocalDate.now();
        Files.writeString(dir.resolve(base + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        Files.writeString(dir.resolve("lab-latest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));

        Chart latency = new Chart("Home reads: p99 against offered rate", "offered rate (reads/s)", "p99 latency (ms, log scale)");
        for (Mode m : r.modes()) {
            latency.line(m.name(), m.reads().stream().map(x -> new Chart.Point(x.rate(), Math.max(0.1, x.p99()))).toList(), false);
        }
        Files.writeString(dir.resolve(base + "-latency.svg"), latency.svg());
        List<String> names = r.modes().stream().map(Mode::name).toList();
        BarChart writes = new BarChart("Timeline writes per tweet, by author tier", "entries written per tweet", names);
        for (String tier : TIERS) {
            writes.series(tier, r.modes().stream().mapToDouble(m -> m.writesPerTweetByTier().getOrDefault(tier, 0.0)).toArray());
        }
        Files.writeString(dir.resolve(base + "-writes.svg"), writes.svg());
        BarChart memory = new BarChart("Valkey memory each mode's reads and tweets added", "MB", names)
                .series("used_memory added", r.modes().stream().mapToDouble(m -> mb(m.valkeyBytesAfter() - m.valkeyBytesBefore())).toArray());
        Files.writeString(dir.resolve(base + "-memory.svg"), memory.svg());
        BarChart delay = new BarChart("Ordinary tweets posted just after a very large account's", "delivery (ms)", names)
                .series("p50", r.modes().stream().mapToDouble(m -> m.burst().ordinaryP50()).toArray())
                .series("slowest", r.modes().stream().mapToDouble(m -> m.burst().ordinaryMax()).toArray())
                .series("the large account's own", r.modes().stream().mapToDouble(m -> m.burst().bigTweetDeliveredMs()).toArray());
        Files.writeString(dir.resolve(base + "-delay.svg"), delay.svg());

        StringBuilder md = new StringBuilder();
        md.append("# Fanout lab ").append(r.date()).append("\n\n");
        md.append("Machine: ").append(r.machine()).append(". Run in ").append(String.format(Locale.ROOT, "%.0f s", seconds)).append(".\n\n");
        md.append(String.format(Locale.ROOT, "Graph: %,d users, %,d follows (power law; %.0f followed on average). %,d readers "
                        + "(read during the run: active); everyone else's timeline cached but last read two days ago (away). Tiers "
                        + "scaled to the graph: celebrity from %,d followers (%d accounts), influencer from %,d (%d), normal below (%,d).%n%n",
                r.users(), r.follows(), r.meanFollowing(), r.readers(), r.celebrityThreshold(), r.authorsPerTier().get("celebrity"),
                r.influencerThreshold(), r.authorsPerTier().get("influencer"), r.authorsPerTier().get("normal")));
        md.append("## What the figures say\n\n");
        for (String finding : r.findings()) {
            md.append(finding).append("\n\n");
        }
        md.append("## The modes\n\n| mode | how | writes per tweet | normal / influencer / celebrity | Valkey MB added | burst: ordinary p50 / slowest ms | backlog |\n|---|---|---|---|---|---|---|\n");
        for (Mode m : r.modes()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.0f / %.0f / %.0f | %.1f | %.0f / %.0f | %d |%n", m.name(), m.description(),
                    m.writesPerTweet(), m.writesPerTweetByTier().getOrDefault("normal", 0.0),
                    m.writesPerTweetByTier().getOrDefault("influencer", 0.0), m.writesPerTweetByTier().getOrDefault("celebrity", 0.0),
                    mb(m.valkeyBytesAfter() - m.valkeyBytesBefore()), m.burst().ordinaryP50(), m.burst().ordinaryMax(), m.burst().maxBacklog()));
        }
        md.append("\n## Home reads (open loop, through the gateway): p50 / p99 ms\n\n| rate | ");
        md.append(String.join(" | ", names)).append(" |\n|---|").append("---|".repeat(names.size())).append("\n");
        for (int rate : rates) {
            md.append("| ").append(rate).append(" |");
            for (Mode m : r.modes()) {
                Reads x = at(m, rate);
                md.append(x == null ? " (overloaded) |" : String.format(Locale.ROOT, " %.1f / %.1f%s |", x.p50(), x.p99(),
                        x.errors() > 0 ? " (" + x.errors() + " errors)" : ""));
            }
            md.append("\n");
        }
        md.append("\n## Tweet to visible, by tier of author: p50 / p99 ms\n\nFrom the POST's 201 to the moment a follower's next read "
                + "would show it (in their cached timeline when pushed, in the author's recent list when pulled).\n\n| tier | ").append(String.join(" | ", names))
                .append(" |\n|---|").append("---|".repeat(names.size())).append("\n");
        for (String tier : TIERS) {
            md.append("| ").append(tier).append(" |");
            for (Mode m : r.modes()) {
                Delivery d = m.visibleByTier().get(tier);
                md.append(d == null ? " - |" : String.format(Locale.ROOT, " %.0f / %.0f |", d.p50(), d.p99()));
            }
            md.append("\n");
        }
        md.append("\n![latency](").append(base).append("-latency.svg)\n![writes](").append(base).append("-writes.svg)\n![memory](")
                .append(base).append("-memory.svg)\n![delay](").append(base).append("-delay.svg)\n\nThe figures: [")
                .append(base).append(".json](").append(base).append(".json).\n");
        Files.writeString(dir.resolve(base + ".md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written to " + dir.resolve(base + ".md") + " (and .json, four SVG charts)");
    }
}
