package dev.twitterlike.timeline;

import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.SseConnection;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A stream's lifetime (3 s here, 15 min by default): the server ends it, and a reconnect with Last-Event-ID resumes. */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"twitter.timeline.stream-heartbeat=300ms", "twitter.streams.lifetime=3s"})
class HomeStreamLifetimeTest {

    private static final Snowflake IDS = new Snowflake(14);
    private static final AtomicLong USER_IDS = new AtomicLong((System.nanoTime() & 0xFFFFFFFL) + 6_000_000_000L);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    JsonMapper json;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    StringRedisTemplate redis;

    /** HTTP as the gateway sends it (signed for the acting user). */
    private ServiceClient client;
    /** Rows in other services' tables, written as a seeding tool would (the superuser). */
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());

    @BeforeEach
    void ready() {
        client = new ServiceClient(port, "timeline-service");
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !listeners.getListenerContainer("timeline-stream").getAssignedPartitions().isEmpty());
    }

    @Test
    void theServerEndsAStreamAtItsLifetimeAndAReconnectWithLastEventIdGetsWhatWasMissed() throws Exception {
        long me = user();
        long author = user();
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?)").params(me, author).update();
        long seen = tweet(author);
        long replayed = tweet(author);
        long live;
        try (SseConnection stream = client.stream("/api/timeline/stream", me, seen)) {
            long opened = System.nanoTime();
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next("id:", Duration.ofSeconds(5))).isEqualTo("id:" + replayed);
            live = tweet(author);
            publish(live, author);
            assertThat(stream.next("id:", Duration.ofSeconds(5))).isEqualTo("id:" + live);

            assertThat(stream.endsWithin(Duration.ofSeconds(10))).as("ended by the server").isTrue();
            long lasted = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertThat(lasted).as("lasted its lifetime, less at most a tenth").isBetween(2_600L, 6_000L);
        }

        // posted while the client reconnects; fanout-worker pushes them into the cached timeline
        long missed1 = fannedOut(me, tweet(author), author);
        long missed2 = fannedOut(me, tweet(author), author);
        try (SseConnection again = client.stream("/api/timeline/stream", me, live)) {
            assertThat(again.status()).isEqualTo(200);
            assertThat(List.of(again.next("id:", Duration.ofSeconds(5)), again.next("id:", Duration.ofSeconds(5))))
                    .containsExactly("id:" + missed1, "id:" + missed2);
        }
    }

    private long user() {
        long id = USER_IDS.incrementAndGet();
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash) VALUES (?, ?, 'User', 'x')")
                .params(id, "l" + (id % 1_000_000_000_000L)).update();
        return id;
    }

    private long tweet(long author) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content) VALUES (?, ?, 'live')").params(id, author).update();
        return id;
    }

    /** What fanout-worker does with a new tweet for a follower whose timeline is cached. */
    private long fannedOut(long follower, long tweetId, long authorId) {
        String key = TimelineStore.timelineKey(follower);
        assertThat(redis.hasKey(key)).as("the first stream's replay cached the timeline").isTrue();
        redis.opsForList().leftPush(key, TimelineEntry.tweet(tweetId, authorId).encode());
        return tweetId;
    }

    private void publish(long tweetId, long authorId) {
        EventEnvelope<Map<String, Object>> event = EventEnvelope.of(Topics.TWEET_CREATED, authorId,
                Map.of("id", tweetId, "authorId", authorId, "hashtags", List.of()));
        kafka.send(Topics.TWEET_CREATED, event.key(), json.writeValueAsString(event)).join();
    }
}
