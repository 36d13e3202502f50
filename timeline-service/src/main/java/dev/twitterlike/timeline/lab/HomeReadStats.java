package dev.twitterlike.timeline.lab;

import dev.twitterlike.common.lab.PublishedCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The owner of {@code home-reads:stats}: this instance's home reads since it started, by how each
 * was served ({@code twitter_timeline_home_reads_total{path, pulled}}), published every second
 * ({@link PublishedCounters}) so that the Lab page's figures cover every instance behind the
 * gateway, whichever one answers it ({@link LabInternals} adds them up). Best effort: with Valkey
 * away there is nothing to show, and the metrics are untouched.
 */
@Component
class HomeReadStats {

    static final String KEY = "home-reads:stats";
    /** The paths a read takes ({@code HomeTimeline}): the cached list, a catch-up after a gap, a rebuild, PostgreSQL alone. */
    static final List<String> PATHS = List.of("cache", "catch_up", "rebuild", "postgres");

    private static final Logger log = LoggerFactory.getLogger(HomeReadStats.class);

    private final MeterRegistry meters;
    private final PublishedCounters published;

    HomeReadStats(StringRedisTemplate redis, MeterRegistry meters) {
        this.meters = meters;
        this.published = new PublishedCounters(redis, KEY);
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void publish() {
        try {
            published.publish(current());
        } catch (RuntimeException e) {
            log.debug("home read figures not published: {}", e.toString());
        }
    }

    /** {@code reads.<path>} for each path, and {@code reads.pulled}: the reads that merged pulled authors' recent lists. */
    Map<String, Long> current() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String path : PATHS) {
            values.put("reads." + path, count(meters.find("twitter.timeline.home.reads").tag("path", path).counters()));
        }
        values.put("reads.pulled", count(meters.find("twitter.timeline.home.reads").tag("pulled", "true").counters()));
        return values;
    }

    private static long count(java.util.Collection<Counter> counters) {
        return (long) counters.stream().mapToDouble(Counter::count).sum();
    }
}
