package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Base of tweet-service's integration tests: the real service on a random port against real
 * PostgreSQL, Redis and Kafka, called over HTTP the way the gateway calls it (with a signed
 * identity when a user is acting). Authors and mentioned users live in {@code graph.users},
 * owned by graph-service: the test context builds that schema from graph-service's own
 * migrations (surefire runs in the module directory) and tests insert users straight into it.
 * Uploaded images go to a fresh directory per context. Cache repairs run only when a test
 * calls them.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // cache repairs run when a test says (CacheRepairTest), not on a timer
        properties = {"twitter.media.dir=target/test-media/${random.uuid}", "twitter.tweets.cache-repair-interval=1h"})
@Import(GraphSchemaForTests.class)
public abstract class TweetIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    protected final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());

    /** HTTP as the gateway sends it (signed for the acting user). */
    protected ServiceClient client;

    @BeforeEach
    void newClient() {
        client = new ServiceClient(port, "tweet-service");
    }

    /** A unique valid username for this test run. */
    protected static String uniqueName(String prefix) {
        String suffix = Integer.toString(NAMES.incrementAndGet(), 36) + "_" + UUID.randomUUID().toString().substring(0, 3);
        return prefix.substring(0, Math.min(prefix.length(), 15 - suffix.length())) + suffix;
    }

    /** POST /api/media with one multipart part {@code file}. */
    protected Response upload(Long actingUser, String filename, String contentType, byte[] content) {
        String boundary = "----tweet-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.call("POST", "/api/media", body.toByteArray(), actingUser,
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
    }

    /** Inserts users straight into graph.users (graph-service owns them). */
    protected List<Long> insertUsers(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(insertUser(uniqueName("u")));
        }
        return ids;
    }

    protected long insertUser(String username) {
        long id = Math.abs(UUID.randomUUID().getMostSignificantBits() >>> 1);
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash, avatar_url) VALUES (?, ?, ?, 'x', ?)")
                .params(id, username, "Name of " + username, "/media/avatar-" + username + ".png").update();
        return id;
    }

    protected long user() {
        return insertUsers(1).get(0);
    }

    protected Response postTweet(long author, Map<String, Object> body) {
        return client.post("/api/tweets", author, body);
    }

    /** Posts and returns the new tweet's id, failing the test if it was not created. */
    protected long tweet(long author, String content) {
        return tweet(author, Map.of("content", content));
    }

    protected long tweet(long author, Map<String, Object> body) {
        Response created = postTweet(author, body);
        if (created.status() != 201) {
            throw new AssertionError("posting failed: " + created.status() + " " + created.text());
        }
        return Long.parseLong(created.body().path("id").asString());
    }

    /** The outbox payloads (the envelope's {@code payload}) of a topic for one acting user, oldest first. */
    protected List<JsonNode> outbox(String topic, long actor) {
        return jdbc.sql("SELECT payload::text FROM tweets.outbox WHERE topic = ? AND event_key = ? ORDER BY id")
                .params(topic, Long.toString(actor)).query(String.class).list().stream()
                .map(p -> JSON.readTree(p).path("payload")).toList();
    }

    protected int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    /**
     * Reads the given topics from the beginning until {@code done} holds for what was read by the
     * given keys, then a little longer (so duplicates would show), and returns those records.
     */
    protected List<ConsumerRecord<String, String>> consume(Collection<String> topics, Collection<String> keys,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "tweet-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(topics);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        found.add(r);
                    }
                });
                return done.test(found);
            });
            // one more round: a duplicate relayed late would arrive now
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        found.add(r);
                    }
                });
                return System.nanoTime() > until;
            });
        }
        return found;
    }
}
