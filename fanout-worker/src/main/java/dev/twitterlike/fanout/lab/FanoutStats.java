package dev.twitterlike.fanout.lab;

import dev.twitterlike.common.lab.FanoutCounters;
import dev.twitterlike.common.lab.PublishedCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The owner of {@code fanout:stats} ({@link FanoutCounters#KEY}): this worker's figures, taken from
 * its own metrics and published every second for the Lab page's live internals (served by
 * timeline-service, which adds up the workers). Publishing is best effort: with Valkey away
 * there is nothing to show, and the metrics themselves are untouched.
 */
@Component
class FanoutStats {

    private static final Logger log = LoggerFactory.getLogger(FanoutStats.class);

    private final MeterRegistry meters;
    private final PublishedCounters published;

    FanoutStats(StringRedisTemplate redis, MeterRegistry meters) {
        this.meters = meters;
        this.published = new PublishedCounters(redis, FanoutCounters.KEY);
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void publish() {
        try {
            published.publish(current().values());
        } catch (RuntimeException e) {
            log.debug("fanout figures not published: {}", e.toString());
        }
    }

    /** This worker's totals since it started, and the backlog now. */
    FanoutCounters current() {
        return new FanoutCounters(counted("twitter.fanout.writes", null), counted("twitter.fanout.deliveries", "inserted"),
                counted("twitter.fanout.deliveries", "inactive"), fannedOut("normal"), fannedOut("influencer"),
                fannedOut("celebrity"), (long) meters.find("twitter.fanout.queue.depth").gauges().stream()
                        .mapToDouble(Gauge::value).sum());
    }

    private long counted(String name, String result) {
        return (long) (result == null ? meters.find(name) : meters.find(name).tag("result", result)).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private long fannedOut(String tier) {
        return meters.find("twitter.fanout.duration").tag("tier", tier).timers().stream().mapToLong(Timer::count).sum();
    }
}
