package dev.twitterlike.timeline;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.web.LiveStreams;
import dev.twitterlike.devstack.DeadLetters;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.SseConnection;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live home stream over a real HTTP connection, fed by real Kafka events. */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "twitter.timeline.stream-heartbeat=300ms")
class HomeStreamTest {

    private static final Snowflake IDS = new Snowflake(12);
    private static final AtomicLong USER_IDS = new AtomicLong((System.nanoTime() & 0xFFFFFFFL) + 5_000_000_000L);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    DataSource dataSource;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    JsonMapper json;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    LiveStreams<LiveStreams.Connection> homeStreams;

    /** HTTP as the gateway sends it (signed for the acting user). */
    private ServiceClient client;

    @BeforeEach
    void ready() {
        client = new ServiceClient(port, "timeline-service");
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !listeners.getListenerContainer("timeline-stream").getAssignedPartitions().isEmpty()
                        && !listeners.getListenerContainer("timeline-sessions").getAssignedPartitions().isEmpty());
    }

    @Test
    void aUsersSixthStreamIsA429ProblemWhileOtherUsersStreamsWorkAndAClosedOneFreesItsPlace() throws Exception {
        long me = user();
        long other = user();
        long author = user();
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?), (?, ?)").params(me, author, other, author).update();
        List<SseConnection> mine = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseConnection stream = client.stream("/api/timeline/stream", me, null);
                assertThat(stream.status()).as("stream %d", i + 1).isEqualTo(200);
                assertThat(stream.next(":connected", Duration.ofSeconds(5))).isNotNull();
                mine.add(stream);
            }
            try (SseConnection sixth = client.stream("/api/timeline/stream", me, null)) {
                assertThat(sixth.status()).isEqualTo(429);
                assertThat(sixth.header("Content-Type")).startsWith("application/problem+json");
                assertThat(sixth.header("Retry-After")).matches("[1-9][0-9]*");
                JsonNode problem = json.readTree(sixth.body());
                assertThat(problem.path("type").asString()).endsWith("/too-many-streams");
                assertThat(problem.path("status").asInt()).isEqualTo(429);
                assertThat(problem.path("detail").asString()).contains("5");
            }
            try (SseConnection others = client.stream("/api/timeline/stream", other, null)) {
                assertThat(others.status()).isEqualTo(200);
                long tweet = tweet(author);
                publish(tweet, author);
                assertThat(others.next("id:", Duration.ofSeconds(5))).isEqualTo("id:" + tweet);
                for (SseConnection stream : mine) {
                    assertThat(stream.next("id:", Duration.ofSeconds(5))).as("the five admitted streams still work").isEqualTo("id:" + tweet);
                }
            }

            mine.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                SseConnection again = client.stream("/api/timeline/stream", me, null);
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
        long leaving = user();
        long staying = user();
        try (SseConnection first = client.stream("/api/timeline/stream", leaving, null); SseConnection second = client.stream("/api/timeline/stream", leaving, null);
                SseConnection others = client.stream("/api/timeline/stream", staying, null)) {
            for (SseConnection stream : List.of(first, second, others)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.next(":connected", Duration.ofSeconds(5))).isNotNull();
            }
            EventEnvelope<Map<String, Object>> ended = EventEnvelope.of(Topics.SESSION_ENDED, leaving, Map.of("userId", leaving));
            kafka.send(Topics.SESSION_ENDED, ended.key(), json.writeValueAsString(ended)).join();

            assertThat(first.endsWithin(Duration.ofSeconds(5))).as("the signed-out user's first stream ended").isTrue();
            assertThat(second.endsWithin(Duration.ofSeconds(1))).as("and the second").isTrue();
            assertThat(others.next(":heartbeat", Duration.ofSeconds(3))).isNotNull();
            assertThat(others.ended()).as("another user's stream stays open").isFalse();
        }
    }

    @Test
    void aFollowedAuthorsNewTweetArrivesLiveWithAnIdAndHeartbeatsKeepTheStreamAlive() throws Exception {
        long me = user();
        long author = user();
        long stranger = user();
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?)").params(me, author).update();
        SseConnection lines = client.stream("/api/timeline/stream", me, null);
        assertThat(lines.next(":connected", Duration.ofSeconds(10))).isNotNull();
        long strangers = tweet(stranger);
        publish(strangers, stranger);
        long tweet = tweet(author);
        long sent = System.nanoTime();
        publish(tweet, author);
        String idLine = lines.next("id:", Duration.ofSeconds(5));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertThat(idLine).isEqualTo("id:" + tweet);
        assertThat(millis).as("delivered within a second").isLessThan(1000);
        assertThat(lines.next("data:", Duration.ofSeconds(2))).contains("\"id\":\"" + tweet + "\"").doesNotContain(Long.toString(strangers));
        assertThat(lines.next(":heartbeat", Duration.ofSeconds(3))).isNotNull();
    }

    @Test
    void reconnectingWithLastEventIdReplaysWhatWasMissed() throws Exception {
        long me = user();
        long author = user();
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?)").params(me, author).update();
        long seen = tweet(author);
        long missed1 = tweet(author);
        long missed2 = tweet(author);
        SseConnection lines = client.stream("/api/timeline/stream", me, seen);
        assertThat(lines.next("id:", Duration.ofSeconds(10))).isEqualTo("id:" + missed1);
        assertThat(lines.next("id:", Duration.ofSeconds(10))).isEqualTo("id:" + missed2);
    }

    @Test
    void theConnectedUsersAreOnlyThoseWithAStreamOpenNow() throws Exception {
        long first = user();
        long second = user();
        List<SseConnection> streams = List.of(client.stream("/api/timeline/stream", first, null), client.stream("/api/timeline/stream", first, null), client.stream("/api/timeline/stream", second, null));
        try {
            for (SseConnection stream : streams) {
                assertThat(stream.next(":connected", Duration.ofSeconds(5))).isNotNull();
            }
            assertThat(homeStreams.users()).contains(first, second);
            streams.get(0).close();
            // the server notices a closed stream at its next write (the heartbeat)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(homeStreams.of(first)).hasSize(1));
            assertThat(homeStreams.users()).contains(first, second);
        } finally {
            streams.forEach(SseConnection::close);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(homeStreams.users()).as("a user leaves with their last stream").doesNotContain(first, second));
    }

    @Test
    void aTweetEventWithAMissingOrNonNumericIdGoesToTheDeadLetterTopicAndIsNeverSentAsTweetZero() throws Exception {
        long me = user();
        try (SseConnection stream = client.stream("/api/timeline/stream", me, null)) {
            assertThat(stream.next(":connected", Duration.ofSeconds(5))).isNotNull();
            String noId = json.writeValueAsString(EventEnvelope.of(Topics.TWEET_CREATED, me, Map.of("authorId", me)));
            String wordAuthor = json.writeValueAsString(EventEnvelope.of(Topics.TWEET_CREATED, me, Map.of("id", 0, "authorId", "me")));
            kafka.send(Topics.TWEET_CREATED, Long.toString(me), noId).join();
            kafka.send(Topics.TWEET_CREATED, Long.toString(me), wordAuthor).join();
            long tweet = tweet(me);
            publish(tweet, me);

            DeadLetters.await(Topics.TWEET_CREATED, noId, "timeline-stream-", Duration.ofSeconds(30));
            DeadLetters.await(Topics.TWEET_CREATED, wordAuthor, "timeline-stream-", Duration.ofSeconds(30));
            assertThat(stream.next("id:", Duration.ofSeconds(10))).as("the next event is the good tweet").isEqualTo("id:" + tweet);
        }
    }

    private long user() {
        long id = USER_IDS.incrementAndGet();
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash) VALUES (?, ?, 'User', 'x')")
                .params(id, "s" + (id % 1_000_000_000_000L)).update();
        return id;
    }

    private long tweet(long author) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content) VALUES (?, ?, 'live')").params(id, author).update();
        return id;
    }

    private void publish(long tweetId, long authorId) {
        EventEnvelope<Map<String, Object>> event = EventEnvelope.of(Topics.TWEET_CREATED, authorId,
                Map.of("id", tweetId, "authorId", authorId, "hashtags", List.of()));
        kafka.send(Topics.TWEET_CREATED, event.key(), json.writeValueAsString(event)).join();
    }
}
