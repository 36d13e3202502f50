package dev.twitterlike.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capacity model ({@code scripts/capacity.sh}, docs/scale.md): what the design's targets
 * would take, from the costs measured here. Pure arithmetic, no I/O: {@link CapacityRun}
 * measures the costs and writes the reports.
 *
 * <p>The graph: follower counts fall with popularity rank as a Zipf law,
 * {@code followers(r) = c / r^s}, saturating at every other user for the top ranks
 * ({@link Followers#at}), with {@code c} chosen so that they add up to
 * {@code users x meanFollows} (the bench's generator draws follows with exponent 1.1). How many accounts a user follows is a Pareto law (shape 1.5, at most 1,000, as the
 * generator's), scaled to the same mean. Every user is equally likely to be the author of a
 * tweet and the reader of a timeline. The tiers are those of docs/fanout.md: below the
 * influencer threshold a tweet is pushed to every follower (one script call each, inserted
 * where the timeline is cached), from it to every follower but inserted only where the owner
 * read in the active window, from the celebrity threshold to no follower (pulled at read time).
 */
final class CapacityModel {

    private CapacityModel() {
    }

    /** Ranks up to here are summed one by one; above, the sum is the integral (its error is far below 1e-6 there). */
    private static final long EXACT_RANKS = 20_000;

    /** Follower counts by popularity rank (1 = most followed). */
    record Followers(long users, double meanFollows, double exponent, double c) {

        static Followers of(long users, double meanFollows, double exponent) {
            if (users < 2 || meanFollows <= 0 || meanFollows >= users - 1 || exponent <= 0 || exponent == 1 || exponent == 0.5) {
                throw new IllegalArgumentException("need users >= 2, 0 < meanFollows < users - 1, exponent > 0 and neither 1 nor 0.5");
            }
            double target = users * meanFollows;
            double lo = 0;
            double hi = 1;
            while (new Followers(users, meanFollows, exponent, hi).edges(1, users) < target) {
                hi *= 2;
            }
            for (int i = 0; i < 200 && hi - lo > hi * 1e-12; i++) {
                double mid = (lo + hi) / 2;
                if (new Followers(users, meanFollows, exponent, mid).edges(1, users) < target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return new Followers(users, meanFollows, exponent, (lo + hi) / 2);
        }

        double cap() {
            return users - 1;
        }

        /**
         * An account's followers: each of the other users follows it with probability
         * {@code 1 - exp(-c r^-s / (users - 1))}, which is {@code c r^-s} for all but the top
         * ranks and saturates at every other user for them (as drawing follows without
         * duplicates does).
         */
        double at(double rank) {
            return cap() * -Math.expm1(-c * Math.pow(rank, -exponent) / cap());
        }

        /** How many accounts have at least {@code threshold} followers (they are the top ranks). */
        long accountsWithAtLeast(double threshold) {
            if (threshold <= 0) {
                return users;
            }
            if (threshold >= cap()) {
                return 0;
            }
            double lambda = -cap() * Math.log1p(-threshold / cap());
            double rank = Math.pow(c / lambda, 1 / exponent);
            return (long) Math.min(users, Math.floor(rank * (1 + 1e-12)));
        }

        /** Follows into the accounts ranked {@code from} to {@code to} (inclusive). */
        double edges(long from, long to) {
            from = Math.max(1, from);
            to = Math.min(users, to);
            if (to < from) {
                return 0;
            }
            double sum = 0;
            long exactTo = Math.min(to, EXACT_RANKS);
            for (long r = from; r <= exactTo; r++) {
                sum += at(r);
            }
            long start = Math.max(from, exactTo + 1);
            if (start <= to) {
                // past the exact ranks x = c r^-s is far below the users: 1 - e^-x to its second order, integrated (midpoint rule)
                double a = start - 0.5;
                double b = to + 0.5;
                sum += c * (Math.pow(b, 1 - exponent) - Math.pow(a, 1 - exponent)) / (1 - exponent);
                sum -= c * c / (2 * cap()) * (Math.pow(b, 1 - 2 * exponent) - Math.pow(a, 1 - 2 * exponent)) / (1 - 2 * exponent);
            }
            return sum;
        }

        double totalEdges() {
            return edges(1, users);
        }
    }

    /**
     * How many tweets an account of a rank already has: {@code untilRank} ascending; ranks past
     * the last step have {@code tweets} of the last. {@link #UNBOUNDED}: a long history (every
     * rebuilt timeline is full).
     */
    record History(List<long[]> steps) {
        static final History UNBOUNDED = new History(List.of());

        /** The bench's generator: the top 200 accounts 30 tweets each, the next 1,800 10, everyone else 2. */
        static final History BENCH = new History(List.of(new long[] {200, 30}, new long[] {2_000, 10}, new long[] {Long.MAX_VALUE, 2}));

        boolean unbounded() {
            return steps.isEmpty();
        }

        /** Tweets into followers' timelines, summed over the follows into ranks from..to: sum of followers(r) x tweets(r). */
        double followedTweets(Followers f, long from, long to) {
            double sum = 0;
            long start = 1;
            for (long[] step : steps) {
                long a = Math.max(from, start);
                long b = Math.min(to, step[0]);
                if (a <= b) {
                    sum += f.edges(a, b) * step[1];
                }
                if (step[0] == Long.MAX_VALUE) {
                    break;
                }
                start = step[0] + 1;
            }
            return sum;
        }

        /** An average account's own tweets. */
        double meanOwn(long users) {
            double sum = 0;
            long start = 1;
            for (long[] step : steps) {
                long b = Math.min(users, step[0]);
                if (b >= start) {
                    sum += (double) (b - start + 1) * step[1];
                }
                if (step[0] >= users) {
                    break;
                }
                start = step[0] + 1;
            }
            return sum / users;
        }
    }

    /** How many accounts each user follows: Pareto, shape 1.5, at most 1,000, scaled to the mean. */
    record Following(double mean) {
        static final double SHAPE = 1.5;
        static final double MAX = 1_000;

        /** The Pareto's minimum that gives this mean once capped. */
        double minimum() {
            double lo = 1e-9;
            double hi = mean;
            for (int i = 0; i < 200; i++) {
                double mid = (lo + hi) / 2;
                if (cappedMean(mid) < mean) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return (lo + hi) / 2;
        }

        private static double cappedMean(double min) {
            // E[min(X, MAX)] for a Pareto X of this minimum and shape
            return (SHAPE * min - Math.pow(min, SHAPE) * Math.pow(MAX, 1 - SHAPE)) / (SHAPE - 1);
        }

        /** E[min(cap, a + b K)] over the follow count K (1,000 quantiles). */
        double expectedCapped(double a, double b, double cap) {
            double min = minimum();
            int n = 1_000;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double u = (i + 0.5) / n;
                double k = Math.min(MAX, min / Math.pow(1 - u, 1 / SHAPE));
                sum += Math.min(cap, a + b * k);
            }
            return sum / n;
        }
    }

    /** The design's targets and the assumptions the plan makes; every figure here is named in docs/scale.md. */
    record Targets(long users, double tweetsPerDay, double peakReadsPerSecond, double peakFactor, double meanFollows,
            double exponent, double influencerThreshold, double celebrityThreshold, int timelineCap, int recentCap,
            double cachedShare, double activeShare, double tweetCacheDays, double recentDays, double entryChars,
            History history, double retentionYears, double tweetChars) {

        /** 500 M users, 500 M tweets a day, 300 K home reads/s at peak; docs/scale.md says why each assumption. */
        static Targets design() {
            return new Targets(500_000_000L, 500_000_000, 300_000, 2, 50, 0.85, 10_000, 1_000_000, 800, 200,
                    0.2, 0.1, 3, 7, 39, History.UNBOUNDED, 1, 100);
        }

        Targets withThresholds(double influencer, double celebrity) {
            return new Targets(users, tweetsPerDay, peakReadsPerSecond, peakFactor, meanFollows, exponent, influencer, celebrity,
                    timelineCap, recentCap, cachedShare, activeShare, tweetCacheDays, recentDays, entryChars, history, retentionYears,
                    tweetChars);
        }

        Targets withExponent(double s) {
            return new Targets(users, tweetsPerDay, peakReadsPerSecond, peakFactor, meanFollows, s, influencerThreshold, celebrityThreshold,
                    timelineCap, recentCap, cachedShare, activeShare, tweetCacheDays, recentDays, entryChars, history, retentionYears,
                    tweetChars);
        }

        double peakPostsPerSecond() {
            return tweetsPerDay / 86_400 * peakFactor;
        }
    }

    /**
     * The costs measured here. CPU maps are milliseconds per operation by process (the names
     * {@link CpuMeter} gives: gateway, timeline-service, redis, postgres, ...).
     *
     * @param readMs           a cached home read with nothing pulled (pure push), by process
     * @param pullMsPerAuthor  what each pulled author adds to a read, by process
     * @param postMs           a post, by process, without its fanout's per-follower calls
     * @param callUs           one fanout script call (per follower), by process (fanout-worker, redis), microseconds
     * @param fanoutCallsPerSecond one event's fanout rate (the worker's, for one tweet)
     * @param bytesPerEntry    a home timeline entry of {@code entryChars} characters, in Valkey
     * @param bytesPerCachedTweet a tweet in the read model's cache (measured with 100-character tweets)
     * @param bytesPerActiveUser what else a reader keeps in Valkey (session, summary, following set, flags)
     * @param eventBytes       a tweet.created event
     * @param tweetChars       the mean text length of the measured PostgreSQL rows
     */
    record Costs(Map<String, Double> readMs, Map<String, Double> pullMsPerAuthor, Map<String, Double> postMs,
            Map<String, Double> callUs, double fanoutCallsPerSecond, double bytesPerEntry, double entryChars,
            double bytesPerRecentEntry, double bytesPerCachedTweet, double bytesPerActiveUser, double pgBytesPerTweet,
            double pgBytesPerFollow, double pgBytesPerUser, double eventBytes, double tweetChars) {

        /** A timeline entry's bytes for entries of another length (a listpack stores the characters plus a few bytes). */
        double bytesPerEntry(double chars) {
            return bytesPerEntry + chars - entryChars;
        }

        static double sum(Map<String, Double> m) {
            return m.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** What a machine of each kind gives; docs/scale.md states them. */
    record Fleet(int serviceCores, double utilisation, double valkeyNodeGb, double valkeyUsable, double valkeyCores,
            int valkeyReplicas, double brokerMbPerSecond, int partitionsPerBroker, int replicationFactor,
            int tweetConsumerGroups, double pgShardTb, int pgReplicas) {

        static Fleet standard() {
            return new Fleet(4, 0.6, 64, 0.7, 1, 1, 100, 4_000, 3, 4, 2, 1);
        }
    }

    /** One graph's tiers under given thresholds, and what each tweet and read does there. */
    record Tiers(long celebrities, long influencers, double edgesCelebrity, double edgesInfluencer, double edgesNormal,
            double callsPerTweet, double insertsPerTweet, double pulledPerRead, double entriesPerTimeline) {
    }

    static Tiers tiers(Targets t) {
        Followers f = Followers.of(t.users(), t.meanFollows(), t.exponent());
        long celebrities = f.accountsWithAtLeast(t.celebrityThreshold());
        long pushedToActive = f.accountsWithAtLeast(Math.min(t.influencerThreshold(), t.celebrityThreshold()));
        long influencers = pushedToActive - celebrities;
        double total = f.totalEdges();
        double celebrity = f.edges(1, celebrities);
        double influencer = f.edges(celebrities + 1, pushedToActive);
        double normal = total - celebrity - influencer;
        double users = t.users();
        // every follower gets a call (the influencer's check is inside the script), and the author's own timeline one more
        double calls = (normal + influencer) / users + 1;
        double inserts = normal / users * t.cachedShare() + influencer / users * t.activeShare() + 1;
        double pulled = celebrity / users;
        double entries;
        if (t.history().unbounded()) {
            entries = t.timelineCap();
        } else {
            // a rebuilt timeline: the user's own tweets and every pushed account's, at most the cap
            double pushedEdges = normal + influencer;
            double tweetsPerPushedFollow = pushedEdges == 0 ? 0 : t.history().followedTweets(f, celebrities + 1, t.users()) / pushedEdges;
            double pushedShare = pushedEdges / total;
            entries = new Following(t.meanFollows()).expectedCapped(t.history().meanOwn(t.users()),
                    pushedShare * tweetsPerPushedFollow, t.timelineCap());
        }
        return new Tiers(celebrities, influencers, celebrity, influencer, normal, calls, inserts, pulled, entries);
    }

    /** What the targets take. */
    record Plan(Tiers tiers, double peakPostsPerSecond, double callsPerSecond, double insertsPerSecond,
            Map<String, Double> valkeyGb, double valkeyOpsCores, int valkeyMasters, int valkeyNodes,
            Map<String, Double> cores, Map<String, Integer> instances, int partitions, double kafkaMbPerSecond, int brokers,
            Map<String, Double> pgTb, int pgShards, int pgServers, double largestFanoutSeconds) {
    }

    static Plan plan(Targets t, Costs c, Fleet fleet) {
        Tiers tiers = tiers(t);
        double posts = t.peakPostsPerSecond();
        double reads = t.peakReadsPerSecond();
        double calls = posts * tiers.callsPerTweet();
        double inserts = posts * tiers.insertsPerTweet();

        Map<String, Double> valkey = new LinkedHashMap<>();
        double cached = t.users() * t.cachedShare();
        valkey.put("home timelines", cached * tiers.entriesPerTimeline() * c.bytesPerEntry(t.entryChars()) / 1e9);
        double recentEntries = Math.min(t.recentCap(), t.tweetsPerDay() / t.users() * t.recentDays());
        valkey.put("recent lists", t.users() * recentEntries * (c.bytesPerRecentEntry() + t.entryChars() - c.entryChars()) / 1e9);
        valkey.put("cached tweets", t.tweetsPerDay() * t.tweetCacheDays() * c.bytesPerCachedTweet() / 1e9);
        valkey.put("sessions, users, following sets", t.users() * t.activeShare() * c.bytesPerActiveUser() / 1e9);
        double valkeyGb = valkey.values().stream().mapToDouble(Double::doubleValue).sum();

        // CPU-seconds per second (cores) by process at peak
        Map<String, Double> cores = new LinkedHashMap<>();
        c.readMs().forEach((p, ms) -> cores.merge(p, reads * ms / 1e3, Double::sum));
        c.pullMsPerAuthor().forEach((p, ms) -> cores.merge(p, reads * tiers.pulledPerRead() * ms / 1e3, Double::sum));
        c.postMs().forEach((p, ms) -> cores.merge(p, posts * ms / 1e3, Double::sum));
        c.callUs().forEach((p, us) -> cores.merge(p, calls * us / 1e6, Double::sum));

        double valkeyCores = cores.getOrDefault("redis", 0.0);
        int byMemory = (int) Math.ceil(valkeyGb / (fleet.valkeyNodeGb() * fleet.valkeyUsable()));
        int byCpu = (int) Math.ceil(valkeyCores / (fleet.valkeyCores() * fleet.utilisation()));
        int masters = Math.max(3, Math.max(byMemory, byCpu));

        Map<String, Integer> instances = new LinkedHashMap<>();
        for (String service : List.of("gateway", "timeline-service", "tweet-service", "fanout-worker")) {
            instances.put(service, Math.max(2, (int) Math.ceil(cores.getOrDefault(service, 0.0) / (fleet.serviceCores() * fleet.utilisation()))));
        }

        // tweet.created: one partition per fanout thread, with room to double the workers without repartitioning
        int partitions = Math.max(12, 2 * instances.get("fanout-worker") * fleet.serviceCores());
        // written once and replicated, read by each consumer group and by every timeline-service instance (live streams)
        double readers = fleet.tweetConsumerGroups() + instances.get("timeline-service");
        double mb = posts * c.eventBytes() * (fleet.replicationFactor() + readers) / 1e6;
        int brokers = Math.max(3, Math.max((int) Math.ceil(mb / (fleet.brokerMbPerSecond() * fleet.utilisation())),
                (int) Math.ceil(partitions * 2.0 * fleet.replicationFactor() / fleet.partitionsPerBroker())));

        Map<String, Double> pg = new LinkedHashMap<>();
        double tweets = t.tweetsPerDay() * 365 * t.retentionYears();
        // a row holds the text inline (TOAST starts at 2 kB): longer tweets than the measured ones add their difference
        pg.put("tweets", tweets * (c.pgBytesPerTweet() + t.tweetChars() - c.tweetChars()) / 1e12);
        pg.put("follows", t.users() * t.meanFollows() * c.pgBytesPerFollow() / 1e12);
        pg.put("users", t.users() * c.pgBytesPerUser() / 1e12);
        double pgTb = pg.values().stream().mapToDouble(Double::doubleValue).sum();
        int shards = Math.max(1, (int) Math.ceil(pgTb / fleet.pgShardTb()));

        Followers f = Followers.of(t.users(), t.meanFollows(), t.exponent());
        double largestPushed = f.at(f.accountsWithAtLeast(t.celebrityThreshold()) + 1);
        return new Plan(tiers, posts, calls, inserts, valkey, valkeyCores, masters, masters * (1 + fleet.valkeyReplicas()),
                cores, instances, partitions, mb, brokers, pg, shards, shards * (1 + fleet.pgReplicas()),
                largestPushed / c.fanoutCallsPerSecond());
    }
}
