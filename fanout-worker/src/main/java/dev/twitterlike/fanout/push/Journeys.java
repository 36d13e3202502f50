package dev.twitterlike.fanout.push;

import dev.twitterlike.common.lab.FanoutJourney;
import dev.twitterlike.fanout.FanoutProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The owner of {@code journey:{tweetId}} (common's {@link FanoutJourney}): each new tweet's way
 * through the worker, written once its fanout is done, for the web app's Lab page ("watch a
 * tweet travel", served by timeline-service). One hash per tweet, kept for
 * {@code twitter.fanout.journey-ttl} (2 minutes: at 1,000 tweets a second about 120,000 hashes
 * of some 200 bytes); a TTL of 0 writes none. A journey that cannot be written is only logged:
 * the fanout it describes is done, and failing the event would write it all again.
 */
@Component
class Journeys {

    private static final Logger log = LoggerFactory.getLogger(Journeys.class);

    private final StringRedisTemplate redis;
    private final FanoutProperties properties;

    Journeys(StringRedisTemplate redis, FanoutProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /**
     * @param relayedAt  the Kafka record's timestamp (when the outbox relay published the event)
     * @param receivedAt when the event reached this worker
     */
    void record(long tweetId, long relayedAt, long receivedAt, Fanout.Distributed fanout) {
        long ttl = properties.journeyTtl().toMillis();
        if (ttl <= 0) {
            return;
        }
        FanoutJourney journey = new FanoutJourney(fanout.tier().tag(), relayedAt, receivedAt, fanout.recentAt(), fanout.visibleAt(),
                fanout.doneAt(), fanout.followers(), fanout.written(), fanout.skipped());
        String key = FanoutJourney.key(tweetId);
        try {
            byte[] raw = key.getBytes(StandardCharsets.UTF_8);
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            journey.toHash().forEach((field, value) -> fields.put(field.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            redis.executePipelined((RedisCallback<Object>) connection -> {
                connection.hashCommands().hMSet(raw, fields);
                connection.keyCommands().pExpire(raw, ttl);
                return null;
            });
        } catch (RuntimeException e) {
            log.debug("journey of tweet {} not written: {}", tweetId, e.toString());
        }
    }
}
