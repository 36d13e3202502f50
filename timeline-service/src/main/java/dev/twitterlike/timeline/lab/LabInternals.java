package dev.twitterlike.timeline.lab;

import dev.twitterlike.common.lab.FanoutCounters;
import dev.twitterlike.common.lab.PublishedCounters;
import dev.twitterlike.timeline.home.TimelineSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/lab/internals}: the running system's fanout figures for the Lab page, as totals
 * with the time they were taken (the page turns two of them into rates): what the fanout
 * workers publish ({@code fanout:stats}, fanout-worker's), how the home reads of every
 * timeline-service instance were served ({@code home-reads:stats}, {@link HomeReadStats}), and
 * how many accounts each tier holds (PostgreSQL, counted at most every {@link #TIERS_EVERY}).
 * The one class that reads the two hashes. Each part is null when its store cannot be read.
 */
@Service
public class LabInternals {

    static final Duration TIERS_EVERY = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(LabInternals.class);

    /**
     * @param at       when it was answered
     * @param fanout   the fanout workers' figures; null when none publishes
     * @param homeReads every timeline-service instance's home reads; null when none publishes
     * @param authors  accounts per tier; null when PostgreSQL has not answered yet
     */
    public record Internals(Instant at, Fanout fanout, HomeReads homeReads, Authors authors) {
    }

    /** How many accounts each tier holds, counted at {@code at}. */
    public record Authors(Instant at, long normal, long influencer, long celebrity) {
    }

    /**
     * The workers' totals since they started ({@link FanoutCounters}), the newest time one of them
     * published, and the backlog now. {@code tweets}: fanned out per tier of author.
     */
    public record Fanout(int workers, Instant at, long backlog, long writes, long inserted, long skipped, Map<String, Long> tweets) {
    }

    /** Home reads since the instances started, by path ({@link HomeReadStats#PATHS}), and those that pulled. */
    public record HomeReads(int instances, Instant at, long total, Map<String, Long> byPath, long pulled) {
    }

    private final StringRedisTemplate redis;
    private final TimelineSql sql;
    private volatile Authors tiers;

    LabInternals(StringRedisTemplate redis, TimelineSql sql) {
        this.redis = redis;
        this.sql = sql;
    }

    public Internals now() {
        long now = System.currentTimeMillis();
        Fanout fanout = null;
        HomeReads reads = null;
        try {
            fanout = fanout(PublishedCounters.read(redis, FanoutCounters.KEY, now));
            reads = homeReads(PublishedCounters.read(redis, HomeReadStats.KEY, now));
        } catch (RuntimeException e) {
            log.debug("lab figures not read from Valkey: {}", e.toString());
        }
        return new Internals(Instant.ofEpochMilli(now), fanout, reads, authorsPerTier());
    }

    private static Fanout fanout(List<PublishedCounters.Sample> workers) {
        if (workers.isEmpty()) {
            return null;
        }
        FanoutCounters total = FanoutCounters.total(workers);
        Map<String, Long> tweets = new LinkedHashMap<>();
        tweets.put("normal", total.normal());
        tweets.put("influencer", total.influencer());
        tweets.put("celebrity", total.celebrity());
        return new Fanout(workers.size(), latest(workers), total.backlog(), total.writes(), total.inserted(), total.skipped(), tweets);
    }

    private static HomeReads homeReads(List<PublishedCounters.Sample> instances) {
        if (instances.isEmpty()) {
            return null;
        }
        Map<String, Long> byPath = new LinkedHashMap<>();
        long total = 0;
        for (String path : HomeReadStats.PATHS) {
            long reads = instances.stream().mapToLong(s -> s.value("reads." + path)).sum();
            byPath.put(path, reads);
            total += reads;
        }
        long pulled = instances.stream().mapToLong(s -> s.value("reads.pulled")).sum();
        return new HomeReads(instances.size(), latest(instances), total, byPath, pulled);
    }

    private static Instant latest(List<PublishedCounters.Sample> samples) {
        return Instant.ofEpochMilli(samples.stream().mapToLong(PublishedCounters.Sample::at).max().orElseThrow());
    }

    /** Counted at most every few seconds, however many pages poll; the last count while PostgreSQL fails. */
    private Authors authorsPerTier() {
        Authors last = tiers;
        if (last != null && last.at().plus(TIERS_EVERY).isAfter(Instant.now())) {
            return last;
        }
        try {
            Instant at = Instant.now();
            TimelineSql.AuthorsPerTier counted = sql.authorsPerTier();
            tiers = new Authors(at, counted.normal(), counted.influencer(), counted.celebrity());
            return tiers;
        } catch (RuntimeException e) {
            log.debug("authors per tier not counted: {}", e.toString());
            return last;
        }
    }
}
