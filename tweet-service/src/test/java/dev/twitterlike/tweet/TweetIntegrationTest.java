package dev.twitterlike.tweet;

import dev.twitterlike.common.web.IdentitySigner;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Uploaded images go to a fresh directory per context.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"twitter.identity.secret=" + TweetIntegrationTest.SECRET,
                "twitter.media.dir=target/test-media/${random.uuid}"})
@Import(GraphSchemaForTests.class)
public abstract class TweetIntegrationTest {

    protected static final String SECRET = "tweet-test-secret-0123456789-0123456789";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    protected final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final IdentitySigner signer = new IdentitySigner(SECRET);

    protected record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    /** A unique valid username for this test run. */
    protected static String uniqueName(String prefix) {
        String suffix = Integer.toString(NAMES.incrementAndGet(), 36) + "_" + UUID.randomUUID().toString().substring(0, 3);
        return prefix.substring(0, Math.min(prefix.length(), 15 - suffix.length())) + suffix;
    }

    protected Response call(String method, String path, Object body, Long actingUser, Map<String, String> headers) {
        byte[] bytes = body == null ? null
                : body instanceof byte[] b ? b
                : (body instanceof String s ? s : JSON.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new java.util.HashMap<>();
        if (bytes != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        return send(method, path, bytes, actingUser, all);
    }

    protected Response call(String method, String path, Object body, Long actingUser) {
        return call(method, path, body, actingUser, Map.of());
    }

    protected Response send(String method, String path, byte[] body, Long actingUser, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (actingUser != null) {
            request.header("X-User-Id", actingUser.toString())
                    .header("X-User-Signature", signer.sign(actingUser, method, URI.create(path).getRawPath(), "tweet-service"));
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            boolean json = response.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(false);
            JsonNode parsed = text.isBlank() || !json ? JSON.nullNode() : JSON.readTree(text);
            return new Response(response.statusCode(), parsed, response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST /api/media with one multipart part {@code file}. */
    protected Response upload(Long actingUser, String filename, String contentType, byte[] content) {
        String boundary = "----tweet-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", "/api/media", body.toByteArray(), actingUser,
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
        return call("POST", "/api/tweets", body, author);
    }

    /** Posts and returns the new tweet's id, failing the test if it was not created. */
    protected long tweet(long author, String content) {
        return tweet(author, Map.of("content", content));
    }

    protected long tweet(long author, Map<String, Object> body) {
        Response created = postTweet(author, body);
        if (created.status() != 201) {
            throw new AssertionError("posting failed: " + created.status() + " " + created.raw().body());
        }
        return Long.parseLong(created.body().path("id").asString());
    }

    protected Response get(String path, Long viewer) {
        return call("GET", path, null, viewer);
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
