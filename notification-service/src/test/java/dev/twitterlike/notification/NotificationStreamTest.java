package dev.twitterlike.notification;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.devstack.DevStack;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SseConnection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live stream over real HTTP connections, fed by real Kafka events, across instances through real Valkey. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE)
class NotificationStreamTest extends NotificationTestSupport {

    private static final Duration SOON = Duration.ofSeconds(5);
    /**
     * For a first event on a partition: every Spring context of this test JVM is a member of the
     * consumer group, and the group (KIP-848 protocol) moves partitions between members on its
     * heartbeats, seconds apart, after a member joins or leaves.
     */
    private static final Duration SETTLING = Duration.ofSeconds(30);

    @Test
    void aNewNotificationAndTheUnreadCountArriveWithinASecondAndHeartbeatsKeepTheStreamAlive() throws Exception {
        long me = user();
        long fan = user();
        long tweet = tweet(me);
        SseConnection lines = open(me, null);
        assertThat(lines.next(":connected", SOON)).isNotNull();
        Map<String, String> initial = lines.nextEvent("unread-count", SOON);
        assertThat(initial).isNotNull();
        assertThat(JSON.readTree(initial.get("data")).path("count").asLong()).isZero();

        // the first event on the fan's partition waits for the group to settle; the second is timed
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet(me), me));
        assertThat(lines.nextEvent("notification", SETTLING)).isNotNull();
        assertThat(lines.nextEvent("unread-count", SOON)).isNotNull();

        long sent = System.nanoTime();
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet, me));
        Map<String, String> notification = lines.nextEvent("notification", SOON);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertThat(notification).as("a notification event").isNotNull();
        assertThat(millis).as("delivered within a second").isLessThan(1000);
        String id = ids(me).get(0);
        assertThat(notification.get("id")).isEqualTo(id);
        JsonNode data = JSON.readTree(notification.get("data"));
        assertThat(data.path("id").asString()).isEqualTo(id);
        assertThat(data.path("type").asString()).isEqualTo("like");
        assertThat(data.path("actor").path("id").asString()).isEqualTo(Long.toString(fan));
        assertThat(data.path("tweet").path("id").asString()).isEqualTo(Long.toString(tweet));
        Map<String, String> count = lines.nextEvent("unread-count", SOON);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("count within a second").isLessThan(1000);
        assertThat(JSON.readTree(count.get("data")).path("count").asLong()).isEqualTo(2);
        assertThat(count.get("id")).as("never moves Last-Event-ID past what was sent").isEqualTo(id);

        assertThat(lines.next(":heartbeat", Duration.ofSeconds(3))).isNotNull();
        assertThat(lines.next(":heartbeat", Duration.ofSeconds(3))).isNotNull();

        // reading elsewhere (another tab) updates the count here
        assertThat(client.post("/api/notifications/read", me, null).status()).isEqualTo(204);
        Map<String, String> afterRead = lines.nextEvent("unread-count", SOON);
        assertThat(afterRead).isNotNull();
        assertThat(JSON.readTree(afterRead.get("data")).path("count").asLong()).isZero();
    }

    @Test
    void aUsersSixthStreamIsA429ProblemWhileOtherUsersStreamsWorkAndAClosedOneFreesItsPlace() throws Exception {
        long me = user();
        long other = user();
        List<SseConnection> mine = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseConnection stream = open(me, null);
                assertThat(stream.status()).as("stream %d", i + 1).isEqualTo(200);
                assertThat(stream.next("event:unread-count", SOON)).isNotNull();
                mine.add(stream);
            }
            try (SseConnection sixth = open(me, null)) {
                assertThat(sixth.status()).isEqualTo(429);
                assertThat(sixth.header("Content-Type")).startsWith("application/problem+json");
                assertThat(sixth.header("Retry-After")).matches("[1-9][0-9]*");
                JsonNode problem = JSON.readTree(sixth.body());
                assertThat(problem.path("type").asString()).endsWith("/too-many-streams");
                assertThat(problem.path("status").asInt()).isEqualTo(429);
            }
            try (SseConnection others = open(other, null)) {
                assertThat(others.status()).isEqualTo(200);
                assertThat(others.next("event:unread-count", SOON)).isNotNull();
                assertThat(others.next(":heartbeat", SOON)).isNotNull();
            }
            // the five admitted streams still get what is new
            long follower = user();
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
            for (SseConnection stream : mine) {
                assertThat(stream.next("event:notification", SETTLING)).isNotNull();
            }

            mine.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                SseConnection again = open(me, null);
                if (again.status() != 200) {
                    again.close();
                }
                assertThat(again.status()).as("a closed stream's place is free again").isEqualTo(200);
                mine.add(again);
            });
        } finally {
            mine.forEach(SseConnection::close);
        }
    }

    @Test
    void aSessionEndedEventEndsThatUsersStreamsAndNoOneElses() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !listeners.getListenerContainer("notification-sessions").getAssignedPartitions().isEmpty());
        long leaving = user();
        long staying = user();
        try (SseConnection first = open(leaving, null); SseConnection second = open(leaving, null);
                SseConnection others = open(staying, null)) {
            for (SseConnection stream : List.of(first, second, others)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.next(":connected", SOON)).isNotNull();
            }
            publish(Topics.SESSION_ENDED, leaving, Map.of("userId", leaving));

            assertThat(first.endsWithin(SOON)).as("the signed-out user's first stream ended").isTrue();
            assertThat(second.endsWithin(Duration.ofSeconds(1))).as("and the second").isTrue();
            assertThat(others.next(":heartbeat", Duration.ofSeconds(3))).isNotNull();
            assertThat(others.ended()).as("another user's stream stays open").isFalse();
        }
    }

    @Test
    void reconnectingWithLastEventIdReplaysWhatWasMissedOldestFirst() throws Exception {
        long me = user();
        for (int i = 0; i < 3; i++) {
            long follower = user();
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
        }
        awaitCount(me, 3);
        List<String> newestFirst = ids(me);
        long seen = Long.parseLong(newestFirst.get(2));
        SseConnection lines = open(me, seen);
        assertThat(lines.nextEvent("notification", SOON).get("id")).isEqualTo(newestFirst.get(1));
        assertThat(lines.nextEvent("notification", SOON).get("id")).isEqualTo(newestFirst.get(0));
        Map<String, String> count = lines.nextEvent("unread-count", SOON);
        assertThat(JSON.readTree(count.get("data")).path("count").asLong()).isEqualTo(3);
        assertThat(count.get("id")).isEqualTo(newestFirst.get(0));

        // a fresh connection replays nothing; its count event carries the newest id to resume from
        try (SseConnection fresh = open(me, null)) {
            Map<String, String> freshCount = fresh.nextEvent(null, SOON);
            assertThat(freshCount.get("event")).as("the first event").isEqualTo("unread-count");
            assertThat(freshCount.get("id")).isEqualTo(newestFirst.get(0));
        }
    }

    @Test
    @Order(50)
    void withValkeyAwayNotificationsAreStillMadeAndListedAndLiveDeliveryComesBackAfter() throws Exception {
        long me = user();
        DevStack.get().restartRedis(() -> {
            long follower = user();
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
            awaitCount(me, 1);
            assertThat(itemIds(getJson("/api/notifications", me))).hasSize(1);
            assertThat(getJson("/api/notifications/unread-count", me).path("count").asLong()).isEqualTo(1);
        });
        SseConnection lines = open(me, null);
        assertThat(lines.next(":connected", SOON)).isNotNull();
        // the subscription recovers on its own; each try is a new follow
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).untilAsserted(() -> {
            long follower = user();
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
            assertThat(lines.nextEvent("notification", Duration.ofSeconds(5))).isNotNull();
        });
    }

    @Test
    @Order(100) // last: it starts (and stops) a whole second application
    void withTwoInstancesANotificationReachesAStreamOnEitherThroughValkey() throws Exception {
        // the second instance makes no notifications itself (its Kafka listener never starts):
        // whatever reaches its stream came from another instance, through Valkey
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run("--server.port=0", "--twitter.notifications.stream-heartbeat=" + HEARTBEAT, "--twitter.instance=second",
                        "--spring.kafka.listener.auto-startup=false")) {
            assertThat(second.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("notifications").isRunning())
                    .isFalse();
            int secondPort = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

            long me = user();
            long follower = user();
            SseConnection onFirst = open(me, null);
            SseConnection onSecond = new ServiceClient(secondPort, "notification-service").stream(STREAM, me, null);
            assertThat(onFirst.next(":connected", SOON)).isNotNull();
            assertThat(onSecond.next(":connected", SOON)).isNotNull();
            await().atMost(SOON).until(() -> second.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .get("twitter.notifications.streams").gauge().value() >= 1);

            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
            Map<String, String> first = onFirst.nextEvent("notification", SETTLING);
            Map<String, String> other = onSecond.nextEvent("notification", SOON);
            assertThat(first).isNotNull();
            assertThat(other).as("delivered by the instance that did not make it").isNotNull();
            assertThat(other.get("id")).isEqualTo(first.get("id")).isEqualTo(ids(me).get(0));
            assertThat(JSON.readTree(other.get("data")).path("type").asString()).isEqualTo("follow");
            assertThat(JSON.readTree(onSecond.nextEvent("unread-count", SOON).get("data")).path("count").asLong()).isEqualTo(1);
        }
    }

    @Test
    void metricsCountNotificationsByTypeTimeTheirDeliveryAndCountStreams() throws Exception {
        long me = user();
        long fan = user();
        SseConnection lines = open(me, null);
        assertThat(lines.next(":connected", SOON)).isNotNull();
        publish(Topics.RETWEET_CREATED, fan, retweet(newId(), fan, tweet(me), me));
        assertThat(lines.nextEvent("notification", SETTLING)).isNotNull();
        String metrics = client.get("/actuator/prometheus", null).text();
        assertThat(metrics)
                // counted by whichever instance (test context) consumed the event, so only its presence here
                .containsPattern("twitter_notifications_total\\{[^}]*type=\"retweet\"[^}]*} [0-9]")
                .containsPattern("twitter_notifications_delivery_latency_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("twitter_notifications_streams\\{[^}]*} [1-9]")
                .contains("resilience4j_circuitbreaker_state{", "name=\"redis-notifications\"");
    }
}
