package dev.twitterlike.notification;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.ServiceClient.Response;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        properties = "twitter.notifications.stream-heartbeat=" + NotificationTestSupport.HEARTBEAT)
abstract class NotificationTestSupport {

    static final String STREAM = "/api/notifications/stream";
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

    /** HTTP as the gateway sends it (signed for the acting user). */
    protected ServiceClient client;

    @BeforeEach
    void readyToConsume() {
        client = new ServiceClient(port, "notification-service");
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

    // --- HTTP and streams, as through the gateway -----------------------------------------

    protected JsonNode getJson(String path, long userId) {
        Response response = client.get(path, userId);
        if (response.status() != 200) {
            throw new AssertionError(path + " -> " + response.status() + " " + response.text());
        }
        return response.body();
    }

    protected static List<String> itemIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    /** Opens the user's stream and waits for its status: a refusal's body can be read. */
    protected SseConnection open(long userId, Long lastEventId) {
        return client.stream(STREAM, userId, lastEventId);
    }
}
