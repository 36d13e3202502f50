package dev.twitterlike.notification;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.web.IdentitySigner;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.SseConnection;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * What the notification tests share (one Spring context for all of them): real PostgreSQL, Valkey
 * and Kafka; graph and tweets schemas built from their owners' migrations; users and tweets
 * written to those tables as their owners would; events published to Kafka as the producers'
 * outboxes would; and HTTP calls with a signed identity, as from the gateway.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"twitter.identity.secret=" + NotificationTestSupport.SECRET,
                "twitter.notifications.stream-heartbeat=" + NotificationTestSupport.HEARTBEAT})
abstract class NotificationTestSupport {

    static final String SECRET = "notification-test-secret-0123456789-0123456789";
    static final String HEARTBEAT = "300ms";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Snowflake IDS = new Snowflake(13);
    private static final AtomicLong USER_IDS = new AtomicLong((System.nanoTime() & 0xFFFFFFFL) + 7_000_000_000L);

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    protected final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    protected DataSource dataSource;
    @Autowired
    protected KafkaTemplate<String, String> kafka;
    @Autowired
    protected KafkaListenerEndpointRegistry listeners;

    protected final IdentitySigner signer = new IdentitySigner(SECRET);
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void readyToConsume() {
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !listeners.getListenerContainer("notifications").getAssignedPartitions().isEmpty());
    }

    // --- the other services' tables -------------------------------------------------------

    protected long user() {
        long id = USER_IDS.incrementAndGet();
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, avatar_url, password_hash) VALUES (?, ?, ?, ?, 'x')")
                .params(id, "n" + (id % 1_000_000_000_000L), "User " + id, "/media/" + id + ".png").update();
        return id;
    }

    protected long tweet(long author) {
        return tweet(author, null, List.of());
    }

    protected long tweet(long author, Long replyTo, List<Long> mentions) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content, reply_to, mentions, hashtags) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, author, "tweet " + id, replyTo, mentions.toArray(Long[]::new), new String[] {"notify"})
                .update();
        return id;
    }

    // --- events, as the producers publish them -------------------------------------------

    protected EventEnvelope<Map<String, Object>> event(String topic, long actor, Map<String, Object> payload) {
        return EventEnvelope.of(topic, actor, payload);
    }

    protected EventEnvelope<Map<String, Object>> eventAt(String topic, long actor, Instant at, Map<String, Object> payload) {
        return new EventEnvelope<>(UUID.randomUUID(), topic, at, Long.toString(actor), payload);
    }

    /** Sends the event (again, for a redelivery) keyed like the producers: by the acting user. */
    protected void send(EventEnvelope<?> event) {
        kafka.send(event.type(), event.key(), JSON.writeValueAsString(event)).join();
    }

    protected EventEnvelope<Map<String, Object>> publish(String topic, long actor, Map<String, Object> payload) {
        EventEnvelope<Map<String, Object>> event = event(topic, actor, payload);
        send(event);
        return event;
    }

    protected static Map<String, Object> tweetCreated(long id, long author, Long replyTo, Long replyToAuthor, List<?> mentions) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("id", id);
        payload.put("authorId", author);
        payload.put("content", "tweet " + id);
        payload.put("hashtags", List.of("notify"));
        payload.put("mentions", mentions);
        payload.put("replyTo", replyTo);
        payload.put("replyToAuthorId", replyToAuthor);
        return payload;
    }

    protected static Map<String, Object> engagement(long user, long tweet, long tweetAuthor) {
        return Map.of("userId", user, "tweetId", tweet, "tweetAuthorId", tweetAuthor);
    }

    protected static Map<String, Object> retweet(long retweetId, long user, long tweet, long tweetAuthor) {
        return Map.of("retweetId", retweetId, "userId", user, "tweetId", tweet, "tweetAuthorId", tweetAuthor);
    }

    protected static Map<String, Object> follow(long follower, long followee) {
        return Map.of("followerId", follower, "followeeId", followee, "followeeCelebrity", false);
    }

    protected static long newId() {
        return IDS.nextId();
    }

    // --- this service's state --------------------------------------------------------------

    protected int count(long recipient) {
        return jdbc.sql("SELECT count(*) FROM notifications.notifications WHERE recipient_id = ?")
                .param(recipient).query(Integer.class).single();
    }

    protected List<String> types(long recipient) {
        return jdbc.sql("SELECT type FROM notifications.notifications WHERE recipient_id = ? ORDER BY type")
                .param(recipient).query(String.class).list();
    }

    /** Notification ids of the recipient, newest first. */
    protected List<String> ids(long recipient) {
        return jdbc.sql("SELECT id FROM notifications.notifications WHERE recipient_id = ? ORDER BY id DESC")
                .param(recipient).query(Long.class).list().stream().map(String::valueOf).toList();
    }

    protected void awaitCount(long recipient, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count(recipient) == expected);
    }

    // --- HTTP, as through the gateway ------------------------------------------------------

    protected HttpResponse<String> get(String path, Long userId) {
        return call(HttpRequest.newBuilder(uri(port, path)).GET(), userId);
    }

    protected HttpResponse<String> post(String path, Long userId, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path));
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return call(request, userId);
    }

    protected JsonNode getJson(String path, long userId) {
        HttpResponse<String> response = get(path, userId);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    protected static List<String> itemIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private HttpResponse<String> call(HttpRequest.Builder request, Long userId) {
        try {
            return http.send(signed(request.timeout(Duration.ofSeconds(15)).build(), userId), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with the gateway's identity headers for the user (none when null). */
    protected HttpRequest signed(HttpRequest request, Long userId) {
        if (userId == null) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .header("X-User-Id", Long.toString(userId))
                .header("X-User-Signature", signer.sign(userId, request.method(), request.uri().getRawPath(), "notification-service"))
                .build();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    // --- SSE -----------------------------------------------------------------------------------

    /** Opens a stream on the given port and waits for its status: a refusal's body can be read. */
    protected SseConnection open(long userId, Long lastEventId) {
        Map<String, String> headers = new HashMap<>(Map.of("X-User-Id", Long.toString(userId), "X-User-Signature", signer.sign(userId, "GET", "/api/notifications/stream", "notification-service")));
        if (lastEventId != null) {
            headers.put("Last-Event-ID", Long.toString(lastEventId));
        }
        return SseConnection.open("http://127.0.0.1:" + port + "/api/notifications/stream", headers);
    }

    /** Opens a stream on the given port; its lines (": x" comments as ":x") arrive in the queue. */
    protected BlockingQueue<String> connect(int port, long userId, Long lastEventId) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, "/api/notifications/stream"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpClient.newHttpClient().sendAsync(signed(request.build(), userId), HttpResponse.BodyHandlers.ofInputStream()).thenAccept(response -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line.replaceFirst("^: ", ":").replaceFirst("^(id|event|data): ", "$1:"));
                }
            } catch (Exception ignored) {
                // the stream ended with the test
            }
        });
        return lines;
    }

    /** The next line starting with the prefix within the timeout, or null (earlier lines are consumed). */
    protected static String poll(BlockingQueue<String> lines, String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(20, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /** One whole event (its id, event and data lines) of the given name, or null. */
    protected static Map<String, String> nextEvent(BlockingQueue<String> lines, String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> event = new HashMap<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(20, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.isEmpty()) {
                if (name.equals(event.get("event"))) {
                    return event;
                }
                event = new HashMap<>();
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                event.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return null;
    }
}
