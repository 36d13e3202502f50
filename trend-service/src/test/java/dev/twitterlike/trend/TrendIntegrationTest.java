package dev.twitterlike.trend;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trend service against real Kafka, Valkey-protocol Redis and PostgreSQL: tests write
 * users (with their location keys) into graph-service's table, publish the tweet events
 * tweet-service would, and read the lists over HTTP. Lists are recomputed every 200 ms here.
 * Every test uses its own hashtags and its own location, so tests never see each other's.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "twitter.trends.refresh-interval=200ms",
        "twitter.trends.breaker-open=1s"})
abstract class TrendIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong USER_IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    DataSource dataSource;

    /** HTTP to the service (the trend endpoints need no identity). */
    ServiceClient client;

    @BeforeEach
    void schemas() {
        client = new ServiceClient(port, "trend-service");
        SiblingSchemas.migrate(dataSource, "graph-service", "graph");
    }

    /** A hashtag no other test uses. */
    static String tag(String name) {
        return name + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    }

    /** A location key no other test uses. */
    static String location(String name) {
        return name + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    }

    /** Users in graph-service's table, with this location key (null: none). */
    List<Long> users(int count, String locationKey) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(USER_IDS.incrementAndGet());
        }
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash, location_key) "
                        + "SELECT id, 'u' || (id % 100000000000000), 'User', 'x', ? FROM unnest(?::bigint[]) AS id")
                .params(locationKey, ids.toArray(Long[]::new)).update();
        return ids;
    }

    /** A Snowflake id made at the given instant (unique: the sequence bits come from a counter). */
    static long tweetIdAt(Instant at) {
        return Snowflake.firstIdAt(at) | (SEQUENCE.incrementAndGet() & ((1L << 22) - 1));
    }

    /** Publishes tweet.created for a new tweet written at {@code at}; returns its id. */
    long tweet(long authorId, Instant at, String... hashtags) {
        long id = tweetIdAt(at);
        publish(created(id, authorId, at, hashtags)).join();
        return id;
    }

    long tweet(long authorId, String... hashtags) {
        return tweet(authorId, Instant.now(), hashtags);
    }

    /** Each author tweets the tags once, at {@code at}; sent together, then waited for. */
    void tweetsByEach(List<Long> authors, Instant at, String... hashtags) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (long author : authors) {
            sent.add(publish(created(tweetIdAt(at), author, at, hashtags)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    EventEnvelope<Object> created(long id, long authorId, Instant at, String... hashtags) {
        // ids as strings, as tweet-service sends them; the reader takes numbers too
        return new EventEnvelope<>(UUID.randomUUID(), Topics.TWEET_CREATED, at, Long.toString(authorId),
                Map.of("id", Long.toString(id), "authorId", authorId, "content", "hello", "hashtags", List.of(hashtags),
                        "mentions", List.of(), "createdAt", at.toString()));
    }

    void delete(long tweetId, long authorId, String... hashtags) {
        publish(new EventEnvelope<>(UUID.randomUUID(), Topics.TWEET_DELETED, Instant.now(), Long.toString(authorId),
                Map.of("id", tweetId, "authorId", authorId, "hashtags", List.of(hashtags)))).join();
    }

    CompletableFuture<?> publish(EventEnvelope<Object> event) {
        return kafka.send(event.type(), event.key(), JSON.writeValueAsString(event));
    }

    /** GET a trends list; asserts 200. */
    JsonNode trends(String path) {
        ServiceClient.Response response = client.get(path, null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    static Optional<JsonNode> find(JsonNode list, String hashtag) {
        for (JsonNode item : list.path("items")) {
            if (hashtag.equals(item.path("hashtag").asString())) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    static List<String> hashtags(JsonNode list) {
        List<String> tags = new ArrayList<>();
        list.path("items").forEach(item -> tags.add(item.path("hashtag").asString()));
        return tags;
    }

    /** Waits until the list at {@code path} satisfies the condition; returns that list. */
    JsonNode awaitList(String path, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = trends(path);
            assertThat(condition.test(last[0])).as("%s: %s", path, last[0]).isTrue();
        });
        return last[0];
    }

    /** The list's tweetCount per hashtag. */
    static Map<String, Long> counts(JsonNode list) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        list.path("items").forEach(item -> counts.put(item.path("hashtag").asString(), item.path("tweetCount").asLong()));
        return counts;
    }

    /** Waits until the list at {@code path} has exactly these tweetCounts (every event counted); returns it. */
    JsonNode awaitCounts(String path, Map<String, Long> expected) {
        return awaitList(path, list -> counts(list).equals(expected));
    }

    /** Waits until the tag is listed at {@code path} with this tweetCount; returns the list. */
    JsonNode awaitCount(String path, String hashtag, long tweetCount) {
        return awaitList(path, list -> find(list, hashtag).map(t -> t.path("tweetCount").asLong() == tweetCount).orElse(false));
    }
}
