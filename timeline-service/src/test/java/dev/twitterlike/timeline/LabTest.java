package dev.twitterlike.timeline;

import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.lab.FanoutCounters;
import dev.twitterlike.common.lab.FanoutJourney;
import dev.twitterlike.common.lab.PublishedCounters;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Lab page's endpoints against real PostgreSQL and Valkey: the live internals (what the
 * fanout workers and this service's instances publish, the accounts per tier) and a tweet's
 * journey. Where fanout-worker would have written (its figures, a journey), the test writes
 * what it would, in its format (common's lab package).
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Order(Integer.MAX_VALUE)
class LabTest {

    private static final Snowflake IDS = new Snowflake(15);
    private static final AtomicLong USER_IDS = new AtomicLong((System.nanoTime() & 0xFFFFFFFFL) + 500_000_000_000L);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;
    /** Rows in other services' tables: this service's own role may only read them. */
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    DataSource dataSource;

    private ServiceClient client;

    @BeforeEach
    void schemas() {
        client = new ServiceClient(port, "timeline-service");
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
    }

    @Test
    void homeReadsOfThisInstanceShowByPathAndPullWithinASecondOrTwo() {
        long me = user(false, false);
        long star = user(true, false);
        long friend = user(false, false);
        follow(me, star);
        follow(me, friend);
        long fromStar = tweet(star);
        tweet(friend);
        // the list as the fanout keeps it (cached, empty): the celebrity's tweet can only come from a pull
        redis.opsForList().rightPush(TimelineStore.timelineKey(me), TimelineEntry.SENTINEL);
        // timeline-service re-reads whom it pulls every second
        await().atMost(WAIT).until(() -> client.get("/api/timeline/home", me).text().contains(Long.toString(fromStar)));
        JsonNode before = quietHomeReads(me);
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/api/timeline/home", me).status()).isEqualTo(200);
        }
        // published every second: three reads of the cached list, each pulling the celebrity's recent list
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode after = internals(me).path("homeReads");
            assertThat(after.path("total").asLong()).isEqualTo(before.path("total").asLong() + 3);
            assertThat(after.path("byPath").path("cache").asLong()).isEqualTo(before.path("byPath").path("cache").asLong() + 3);
            assertThat(after.path("byPath").path("rebuild").asLong()).isEqualTo(before.path("byPath").path("rebuild").asLong());
            assertThat(after.path("pulled").asLong()).isEqualTo(before.path("pulled").asLong() + 3);
            assertThat(after.path("instances").asInt()).as("this one, and any other context of the tests").isPositive();
            assertThat(Instant.parse(after.path("at").asString())).isAfter(Instant.parse(before.path("at").asString()));
        });
    }

    @Test
    void theFanoutFiguresAreEveryWorkersAddedUpWithTheLargestBacklog() {
        long me = user(false, false);
        // two workers publishing, as fanout-worker's FanoutStats does every second
        PublishedCounters one = new PublishedCounters(redis, FanoutCounters.KEY);
        PublishedCounters two = new PublishedCounters(redis, FanoutCounters.KEY);
        redis.delete(FanoutCounters.KEY);
        one.publish(new FanoutCounters(1_000, 900, 40, 12, 3, 1, 7).values());
        two.publish(new FanoutCounters(500, 450, 0, 6, 0, 2, 5).values());
        JsonNode fanout = internals(me).path("fanout");
        assertThat(fanout.path("workers").asInt()).isEqualTo(2);
        assertThat(fanout.path("writes").asLong()).isEqualTo(1_500);
        assertThat(fanout.path("inserted").asLong()).isEqualTo(1_350);
        assertThat(fanout.path("skipped").asLong()).isEqualTo(40);
        assertThat(fanout.path("backlog").asLong()).as("both measure the same consumer groups").isEqualTo(7);
        assertThat(fanout.path("tweets").path("normal").asLong()).isEqualTo(18);
        assertThat(fanout.path("tweets").path("influencer").asLong()).isEqualTo(3);
        assertThat(fanout.path("tweets").path("celebrity").asLong()).isEqualTo(3);
        redis.delete(FanoutCounters.KEY);
        assertThat(internals(me).path("fanout").isNull()).as("no worker publishing").isTrue();
    }

    @Test
    void theAccountsPerTierAreCountedFromTheFlagsGraphServiceKeeps() {
        long me = user(false, false);
        JsonNode before = authorsCountedAfter(me, Instant.now());
        user(true, false);
        user(true, true); // a celebrity flagged influencer too counts as a celebrity
        user(false, true);
        user(false, true);
        user(false, false);
        // counted at most every 5 s: a count taken after these users were added
        JsonNode after = authorsCountedAfter(me, Instant.now());
        assertThat(after.path("celebrity").asLong()).isEqualTo(before.path("celebrity").asLong() + 2);
        assertThat(after.path("influencer").asLong()).isEqualTo(before.path("influencer").asLong() + 2);
        assertThat(after.path("normal").asLong()).isEqualTo(before.path("normal").asLong() + 1);
    }

    private JsonNode authorsCountedAfter(long viewer, Instant instant) {
        JsonNode[] authors = {null};
        await().atMost(WAIT).until(() -> {
            authors[0] = internals(viewer).path("authors");
            return !authors[0].isNull() && Instant.parse(authors[0].path("at").asString()).isAfter(instant);
        });
        return authors[0];
    }

    @Test
    void aNormalAuthorsJourneyHasEveryStepWithItsTimeAfterThePostAndWhoGotIt() {
        long me = user(false, false);
        long tweet = tweet(me);
        long accepted = Snowflake.instantOf(tweet).toEpochMilli();
        // before the worker is done: only the accepted step
        JsonNode pending = journey(me, tweet);
        assertThat(pending.path("done").asBoolean()).isFalse();
        assertThat(pending.path("tier").isNull()).isTrue();
        assertThat(pending.path("authorId").asString()).isEqualTo(Long.toString(me));
        assertThat(names(pending)).containsExactly("accepted");
        assertThat(pending.path("steps").get(0).path("afterMs").asLong()).isZero();

        redis.opsForHash().putAll(FanoutJourney.key(tweet), new FanoutJourney("normal", accepted + 9, accepted + 12, accepted + 13,
                accepted + 15, accepted + 21, 10, 6, 0).toHash());
        JsonNode done = journey(me, tweet);
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("tier").asString()).isEqualTo("normal");
        assertThat(names(done)).containsExactly("accepted", "relayed", "fanoutStarted", "visible", "fanoutDone");
        List<Long> after = new ArrayList<>();
        done.path("steps").forEach(s -> after.add(s.path("afterMs").asLong()));
        assertThat(after).containsExactly(0L, 9L, 12L, 15L, 21L);
        assertThat(Instant.parse(done.path("steps").get(4).path("at").asString())).isEqualTo(Instant.ofEpochMilli(accepted + 21));
        JsonNode delivery = done.path("delivery");
        assertThat(List.of(delivery.path("followers").asLong(), delivery.path("written").asLong(), delivery.path("skipped").asLong(),
                delivery.path("uncached").asLong(), delivery.path("pulled").asLong())).containsExactly(10L, 6L, 0L, 4L, 0L);
    }

    @Test
    void aCelebritysTweetIsVisibleOnceInTheRecentListAndPulledByEveryFollower() {
        long star = user(true, false);
        long fan = user(false, false);
        follow(fan, star);
        follow(user(false, false), star);
        long tweet = tweet(star);
        long accepted = Snowflake.instantOf(tweet).toEpochMilli();
        redis.opsForHash().putAll(FanoutJourney.key(tweet), new FanoutJourney("celebrity", accepted + 5, accepted + 7, accepted + 8,
                0, accepted + 9, 0, 0, 0).toHash());
        JsonNode done = journey(fan, tweet);
        assertThat(names(done)).containsExactly("accepted", "relayed", "fanoutStarted", "visible", "fanoutDone");
        assertThat(done.path("steps").get(3).path("afterMs").asLong()).as("in the recent list").isEqualTo(8);
        assertThat(done.path("delivery").path("pulled").asLong()).isEqualTo(2);
        assertThat(done.path("delivery").path("written").asLong()).isZero();
    }

    @Test
    void aPushedTweetNoFollowerWasWrittenForHasNoVisibleStep() {
        long me = user(false, false);
        long tweet = tweet(me);
        long accepted = Snowflake.instantOf(tweet).toEpochMilli();
        redis.opsForHash().putAll(FanoutJourney.key(tweet), new FanoutJourney("influencer", accepted + 5, accepted + 7, accepted + 8,
                0, accepted + 9, 3, 0, 3).toHash());
        assertThat(names(journey(me, tweet))).containsExactly("accepted", "relayed", "fanoutStarted", "fanoutDone");
    }

    @Test
    void badIdsUnknownTweetsAndVisitorsWithoutASessionAreRefused() {
        long me = user(false, false);
        ServiceClient.Response bad = client.get("/api/lab/journey/abc", me);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().path("errors").path("tweetId").asString()).isEqualTo("must be an id");
        assertThat(client.get("/api/lab/journey/99999999999999999999", me).status()).isEqualTo(400);
        ServiceClient.Response unknown = client.get("/api/lab/journey/" + IDS.nextId(), me);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        long deleted = tweet(me);
        fixtures.sql("UPDATE tweets.tweets SET deleted_at = now() WHERE id = ?").param(deleted).update();
        assertThat(client.get("/api/lab/journey/" + deleted, me).status()).isEqualTo(404);
        assertThat(client.get("/api/lab/internals", null).status()).isEqualTo(401);
        assertThat(client.get("/api/lab/journey/" + tweet(me), null).status()).isEqualTo(401);
    }

    private JsonNode internals(long viewer) {
        ServiceClient.Response response = client.get("/api/lab/internals", viewer);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    /** The home reads once two publications in a row agree: no read of an earlier test is still to be counted. */
    private JsonNode quietHomeReads(long viewer) {
        JsonNode[] last = {null};
        await().atMost(WAIT).until(() -> {
            JsonNode now = internals(viewer).path("homeReads");
            if (now.isNull()) {
                return false;
            }
            JsonNode previous = last[0];
            last[0] = now;
            return previous != null && !previous.path("at").equals(now.path("at")) && previous.path("total").equals(now.path("total"));
        });
        return last[0];
    }

    private JsonNode journey(long viewer, long tweet) {
        ServiceClient.Response response = client.get("/api/lab/journey/" + tweet, viewer);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private static List<String> names(JsonNode journey) {
        List<String> names = new ArrayList<>();
        journey.path("steps").forEach(s -> names.add(s.path("name").asString()));
        return names;
    }

    private long user(boolean celebrity, boolean influencer) {
        long id = USER_IDS.incrementAndGet();
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash, is_celebrity, is_influencer) "
                        + "VALUES (?, ?, 'User', 'x', ?, ?)")
                .params(id, "l" + (id % 1_000_000_000_000L), celebrity, influencer).update();
        return id;
    }

    private void follow(long follower, long followee) {
        fixtures.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?)").params(follower, followee).update();
    }

    private long tweet(long author) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content) VALUES (?, ?, 'hello')").params(id, author).update();
        return id;
    }
}
