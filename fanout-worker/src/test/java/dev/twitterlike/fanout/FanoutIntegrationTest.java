package dev.twitterlike.fanout;

import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker against real Kafka, Valkey-protocol Redis and PostgreSQL: tests write users,
 * follows and tweets into the owners' tables, publish the events the owners would, and look
 * at the timelines in Redis.
 */
@UseDevStack
@SpringBootTest
abstract class FanoutIntegrationTest {

    static final Snowflake IDS = new Snowflake(9);
    private static final AtomicLong USER_IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    @Autowired
    JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    JsonMapper json;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void schemas() {
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
    }

    List<Long> users(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(USER_IDS.incrementAndGet());
        }
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash) "
                        + "SELECT id, 'u' || (id % 100000000000000), 'User', 'x' FROM unnest(?::bigint[]) AS id")
                .param(ids.toArray(Long[]::new)).update();
        return ids;
    }

    void follow(long follower, long followee) {
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?)").params(follower, followee).update();
    }

    void followAll(List<Long> followers, long followee) {
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) SELECT f, ? FROM unnest(?::bigint[]) AS f")
                .params(followee, followers.toArray(Long[]::new)).update();
    }

    void makeCelebrity(long userId) {
        fixtures.sql("UPDATE graph.users SET is_celebrity = TRUE WHERE id = ?").param(userId).update();
    }

    void setInfluencer(long userId, boolean influencer) {
        fixtures.sql("UPDATE graph.users SET is_influencer = ? WHERE id = ?").params(influencer, userId).update();
    }

    /** Makes a cached timeline's owner look away: last read more than the active window (a day) ago. */
    void lastReadTwoDaysAgo(long userId) {
        redis.expire(TimelineStore.timelineKey(userId), Duration.ofDays(5));
    }

    long tweet(long authorId) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content) VALUES (?, ?, 'hello')").params(id, authorId).update();
        return id;
    }

    /** Marks a user's timeline as cached (an active user), so fanout writes to it. */
    void cacheTimeline(long userId, String... entries) {
        String key = TimelineStore.timelineKey(userId);
        redis.delete(key);
        redis.opsForList().rightPush(key, "1:0");
        for (String entry : entries) {
            redis.opsForList().rightPush(key, entry);
        }
        redis.expire(key, Duration.ofDays(7));
    }

    List<String> timeline(long userId) {
        return redis.opsForList().range(TimelineStore.timelineKey(userId), 0, -1);
    }

    void publish(String topic, long actor, Object payload) {
        EventEnvelope<Object> event = EventEnvelope.of(topic, actor, payload);
        kafka.send(topic, event.key(), json.writeValueAsString(event)).join();
    }

    void publishRaw(String topic, String key, String value) {
        kafka.send(topic, key, value).join();
    }

    static Map<String, Object> tweetCreated(long id, long authorId) {
        return Map.of("id", id, "authorId", authorId, "content", "hello", "hashtags", List.of());
    }
}
