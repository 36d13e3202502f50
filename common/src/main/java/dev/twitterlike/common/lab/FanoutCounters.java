package dev.twitterlike.common.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every fanout worker publishes each second for the Lab page ({@link PublishedCounters} in
 * the hash {@link #KEY}, owned by fanout-worker's {@code FanoutStats}; read by timeline-service's
 * {@code LabInternals}): its totals since it started, from its own metrics, and the backlog.
 *
 * @param writes     timeline inserts sent to Valkey ({@code twitter_fanout_writes_total})
 * @param inserted   followers' timelines an entry was written into ({@code twitter_fanout_deliveries_total{result="inserted"}}, the authors' own included)
 * @param skipped    followers' timelines skipped as away ({@code result="inactive"}: the influencer tier)
 * @param normal     tweets and retweets fanned out as a normal author's ({@code twitter_fanout_duration_seconds_count{tier="normal"}})
 * @param influencer ... as an influencer's
 * @param celebrity  ... as a celebrity's (recent list only)
 * @param backlog    events the fanout consumer groups have not processed yet ({@code twitter_fanout_queue_depth})
 */
public record FanoutCounters(long writes, long inserted, long skipped, long normal, long influencer, long celebrity, long backlog) {

    public static final String KEY = "fanout:stats";

    public Map<String, Long> values() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("writes", writes);
        values.put("inserted", inserted);
        values.put("skipped", skipped);
        values.put("tweets.normal", normal);
        values.put("tweets.influencer", influencer);
        values.put("tweets.celebrity", celebrity);
        values.put("backlog", backlog);
        return values;
    }

    public static FanoutCounters of(PublishedCounters.Sample sample) {
        return new FanoutCounters(sample.value("writes"), sample.value("inserted"), sample.value("skipped"),
                sample.value("tweets.normal"), sample.value("tweets.influencer"), sample.value("tweets.celebrity"),
                sample.value("backlog"));
    }

    /**
     * Every worker's together: the totals added up; the backlog is the largest one, since each
     * worker measures the same consumer groups' lag.
     */
    public static FanoutCounters total(List<PublishedCounters.Sample> workers) {
        FanoutCounters sum = new FanoutCounters(0, 0, 0, 0, 0, 0, 0);
        for (PublishedCounters.Sample worker : workers) {
            FanoutCounters c = of(worker);
            sum = new FanoutCounters(sum.writes + c.writes, sum.inserted + c.inserted, sum.skipped + c.skipped,
                    sum.normal + c.normal, sum.influencer + c.influencer, sum.celebrity + c.celebrity,
                    Math.max(sum.backlog, c.backlog));
        }
        return sum;
    }
}
