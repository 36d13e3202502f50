package dev.twitterlike.timeline;

import dev.twitterlike.common.timeline.TimelineStore;
import org.junit.jupiter.api.Order;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.devstack.DevStack;
import dev.twitterlike.devstack.JsonShape;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.SiblingSchemas;
import dev.twitterlike.devstack.UseDevStack;
import dev.twitterlike.tweetviews.TweetCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home timeline against real PostgreSQL and Redis. Tests write the owners' tables (users,
 * follows, tweets) and, where the fanout would have, the cached lists, then read over HTTP as
 * the gateway would, with a signed identity.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Order(Integer.MAX_VALUE)
class HomeTimelineTest {

    private static final Snowflake IDS = new Snowflake(11);
    private static final AtomicLong USER_IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    /** Rows in other services' tables: this service's own role may only read them. */
    final JdbcClient fixtures = JdbcClient.create(SiblingSchemas.fixtures());
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    DataSource dataSource;
    @Autowired
    TweetCache tweetCache;
    @Autowired
    TimelineStore store;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    io.github.resilience4j.circuitbreaker.CircuitBreaker redisTimelineBreaker;

    /** HTTP as the gateway sends it (signed for the acting user). */
    private ServiceClient client;

    @BeforeEach
    void schemas() {
        client = new ServiceClient(port, "timeline-service");
        SiblingSchemas.migrate(dataSource, "graph-service", "graph", "tweet-service", "tweets");
    }

    @Test
    void aCacheMissRebuildsFromPostgresNewestFirstAndCachesIt() {
        long me = user(false);
        long a = user(false);
        long b = user(false);
        follow(me, a);
        follow(me, b);
        long t1 = tweet(a);
        long t2 = tweet(b);
        long t3 = tweet(a);
        long mine = tweet(me);
        assertThat(ids(home(me, ""))).containsExactly(id(mine), id(t3), id(t2), id(t1));
        assertThat(redis.opsForList().range(TimelineStore.timelineKey(me), 0, -1))
                .startsWith(TimelineEntry.tweet(mine, me).encode(), TimelineEntry.tweet(t3, a).encode());
        assertThat(redis.getExpire(TimelineStore.timelineKey(me), TimeUnit.DAYS)).isBetween(6L, 7L);
    }

    @Test
    void celebrityTweetsArePulledAndMergedByIdWithPushedOnes() {
        long me = user(false);
        long normal = user(false);
        long star = user(true);
        follow(me, normal);
        follow(me, star);
        long n1 = tweet(normal);
        long s1 = tweet(star);
        long n2 = tweet(normal);
        long s2 = tweet(star);
        cached(me, TimelineEntry.tweet(n2, normal), TimelineEntry.tweet(n1, normal));
        // the pulled accounts are re-read every second: a brand-new celebrity is pulled within one
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ids(home(me, ""))).containsExactly(id(s2), id(n2), id(s1), id(n1)));
        JsonNode page = home(me, "");
        assertThat(page.path("items").get(0).path("author").path("id").asString()).isEqualTo(id(star));
        assertThat(redis.hasKey(TimelineStore.recentKey(star))).as("the pull is cached for the next reader").isTrue();
    }

    /**
     * A first page reads only a page and a few of each pulled author's list: with one celebrity
     * posting most, and others posting in between, the pages still come newest first, with no gap
     * and no repeat, all the way down.
     */
    @Test
    void pagesThroughSeveralCelebritiesHaveNoGapsOrRepeats() {
        long me = user(false);
        long normal = user(false);
        follow(me, normal);
        List<Long> stars = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stars.add(user(true));
            follow(me, stars.get(i));
        }
        List<Long> newestFirst = new ArrayList<>();
        List<TimelineEntry> pushed = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            long author = i % 10 == 0 ? normal : i % 7 == 0 ? stars.get(1) : i % 11 == 0 ? stars.get(2) : stars.get(0);
            long id = tweet(author);
            newestFirst.add(0, id);
            if (author == normal) {
                pushed.add(0, TimelineEntry.tweet(id, normal));
            }
        }
        cached(me, pushed.toArray(TimelineEntry[]::new));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ids(home(me, "?limit=20")).get(0)).isEqualTo(id(newestFirst.get(0))));
        List<String> seen = new ArrayList<>();
        String query = "?limit=20";
        for (int page = 0; page < 10; page++) {
            JsonNode body = home(me, query);
            seen.addAll(ids(body));
            String next = body.path("nextCursor").asString(null);
            if (next == null || next.isEmpty()) {
                break;
            }
            query = "?limit=20&cursor=" + next;
        }
        assertThat(seen).containsExactlyElementsOf(newestFirst.stream().map(HomeTimelineTest::id).toList());
    }

    @Test
    void unfollowedAuthorsAndDeletedTweetsDisappearAtOnceEvenFromTheCache() {
        long me = user(false);
        long a = user(false);
        long b = user(false);
        follow(me, a);
        follow(me, b);
        long fromA = tweet(a);
        long fromB = tweet(b);
        long deleted = tweet(b);
        cached(me, TimelineEntry.tweet(deleted, b), TimelineEntry.tweet(fromB, b), TimelineEntry.tweet(fromA, a));
        assertThat(ids(home(me, ""))).containsExactly(id(deleted), id(fromB), id(fromA));
        // the unfollow as graph-service commits it: the follow row goes, the following stamp is renewed
        fixtures.sql("DELETE FROM graph.follows WHERE follower_id = ? AND following_id = ?").params(me, a).update();
        renewFollowingStamp(me);
        // the delete as tweet-service commits it: the row is soft-deleted, the cached tweet becomes its tombstone
        fixtures.sql("UPDATE tweets.tweets SET deleted_at = now() WHERE id = ?").param(deleted).update();
        tweetCache.deleteTweet(deleted);
        assertThat(ids(home(me, ""))).containsExactly(id(fromB));
    }

    @Test
    void whomAUserFollowsIsCachedUnderTheirFollowingStampAndReadAgainWhenItIsRenewed() {
        long me = user(false);
        long a = user(false);
        follow(me, a);
        long fromA = tweet(a);
        assertThat(ids(home(me, ""))).containsExactly(id(fromA));
        assertThat(redis.opsForValue().get(TimelineStore.followingKey(me))).as("cached with no stamp yet").isEqualTo("-|" + a);
        long b = user(false);
        long fromB = tweet(b);
        follow(me, b);
        // what the fanout-worker's follow backfill merges into the cached timeline
        redis.opsForList().leftPush(TimelineStore.timelineKey(me), TimelineEntry.tweet(fromB, b).encode());
        // a change that did not renew the stamp is not seen: the read filter used the cached copy, not PostgreSQL
        assertThat(ids(home(me, ""))).containsExactly(id(fromA));
        String stamp = renewFollowingStamp(me);
        assertThat(ids(home(me, ""))).containsExactly(id(fromB), id(fromA));
        assertThat(redis.opsForValue().get(TimelineStore.followingKey(me))).startsWith(stamp + "|").contains(Long.toString(a), Long.toString(b));
    }

    @Test
    void aTweetAndItsRetweetShowOnceAsTheNewestWithWhoRetweeted() {
        long me = user(false);
        long author = user(false);
        long retweeter = user(false);
        follow(me, author);
        follow(me, retweeter);
        long original = tweet(author);
        long retweetId = retweet(retweeter, original);
        cached(me, TimelineEntry.retweet(retweetId, retweeter, original), TimelineEntry.tweet(original, author));
        JsonNode page = home(me, "");
        assertThat(ids(page)).containsExactly(id(original));
        assertThat(page.path("items").get(0).path("retweetedBy").path("id").asString()).isEqualTo(id(retweeter));
    }

    /** A retweet's entry is the one Tweet object plus {@code retweetedBy}, as the API's sample in docs/contract/ has it. */
    @Test
    void aRetweetEntryHasTheContractSampleShape() {
        long me = user(false);
        long author = user(false);
        long retweeter = user(false);
        follow(me, retweeter);
        long original = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content, hashtags) VALUES (?, ?, 'Hello #world', ARRAY['world'])")
                .params(original, author).update();
        long retweetId = retweet(retweeter, original);
        cached(me, TimelineEntry.retweet(retweetId, retweeter, original));
        JsonNode entry = home(me, "").path("items").get(0);
        assertThat(entry.path("retweetedBy").path("id").asString()).isEqualTo(id(retweeter));
        assertThat(JsonShape.of(entry)).isEqualTo(JsonShape.ofSample("timeline-retweet.json"));
    }

    @Test
    void pagingPast800ContinuesFromPostgresWithoutGapsOrRepeats() {
        long me = user(false);
        long prolific = user(false);
        follow(me, prolific);
        List<Long> tweets = new ArrayList<>();
        for (int i = 0; i < 850; i++) {
            tweets.add(IDS.nextId());
        }
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content) SELECT t, ?, 'bulk' FROM unnest(?::bigint[]) t")
                .params(prolific, tweets.toArray(Long[]::new)).update();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 20 && cursor != null; page++) {
            JsonNode body = home(me, cursor.isEmpty() ? "?limit=100" : "?limit=100&cursor=" + cursor);
            seen.addAll(ids(body));
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asString();
        }
        assertThat(redis.opsForList().size(TimelineStore.timelineKey(me))).isEqualTo(800);
        List<String> expected = new ArrayList<>(tweets.stream().map(String::valueOf).toList());
        java.util.Collections.reverse(expected);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void sinceIdReturnsOnlyNewerTweets() {
        long me = user(false);
        long a = user(false);
        follow(me, a);
        long old = tweet(a);
        long newer = tweet(a);
        assertThat(ids(home(me, "?sinceId=" + old))).containsExactly(id(newer));
        assertThat(client.get("/api/timeline/home?cursor=abc", me).status()).isEqualTo(400);
        assertThat(client.get("/api/timeline/home", null).status()).isEqualTo(401);
    }

    @Test
    void crossingTheThresholdEitherWayLosesAndDuplicatesNothing() {
        long me = user(false);
        long author = user(false);
        follow(me, author);
        long pushed = tweet(author);
        cached(me, TimelineEntry.tweet(pushed, author));
        // promoted: new tweets are no longer pushed, the old one is still cached
        fixtures.sql("UPDATE graph.users SET is_celebrity = TRUE WHERE id = ?").param(author).update();
        long pulled = tweet(author);
        // the pulled accounts are re-read every second: the promoted author is pulled within one
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ids(home(me, ""))).containsExactly(id(pulled), id(pushed)));
        // demoted: its celebrity-era tweet never reached the cache, and is still pulled for a while
        fixtures.sql("UPDATE graph.users SET is_celebrity = FALSE, demoted_at = now() WHERE id = ?").param(author).update();
        long pushedAgain = tweet(author);
        redis.opsForList().leftPush(TimelineStore.timelineKey(me), TimelineEntry.tweet(pushedAgain, author).encode());
        redis.delete(TimelineStore.recentKey(author));
        assertThat(ids(home(me, ""))).containsExactly(id(pushedAgain), id(pulled), id(pushed));
    }

    @Test
    void aFollowerAwayWhenAnInfluencerPostedCatchesUpAtTheirNextReadAndOnlyThen() {
        long me = user(false);
        long friend = user(false);
        long influencer = user(false);
        follow(me, friend);
        follow(me, influencer);
        long old = tweet(friend);
        cached(me, TimelineEntry.tweet(old, friend));
        redis.expire(TimelineStore.timelineKey(me), Duration.ofDays(5)); // last read two days ago: away
        long skipped = tweet(influencer);
        TimelineStore.Pushed away = store.pushToActive(List.of(me), TimelineEntry.tweet(skipped, influencer)).join();
        assertThat(away).as("not written while its owner is away").isEqualTo(new TimelineStore.Pushed(0, 1));
        assertThat(redis.opsForList().range(TimelineStore.timelineKey(me), 0, -1)).doesNotContain(TimelineEntry.tweet(skipped, influencer).encode());

        double catchUps = reads("catch_up");
        assertThat(ids(home(me, ""))).as("caught up from PostgreSQL").containsExactly(id(skipped), id(old));
        assertThat(reads("catch_up")).isEqualTo(catchUps + 1);
        assertThat(redis.opsForList().range(TimelineStore.timelineKey(me), 0, 0))
                .as("and kept in the list").containsExactly(TimelineEntry.tweet(skipped, influencer).encode());
        assertThat(redis.hasKey(TimelineStore.gapKey(me))).isFalse();
        assertThat(redis.getExpire(TimelineStore.timelineKey(me), TimeUnit.HOURS)).as("the read made its owner active").isGreaterThan(6 * 24 - 1);

        // active now: the influencer's next tweet is pushed, and reads are plain cache hits again
        long pushed = tweet(influencer);
        assertThat(store.pushToActive(List.of(me), TimelineEntry.tweet(pushed, influencer)).join()).isEqualTo(new TimelineStore.Pushed(1, 0));
        double hits = reads("cache");
        assertThat(ids(home(me, ""))).containsExactly(id(pushed), id(skipped), id(old));
        assertThat(reads("catch_up")).isEqualTo(catchUps + 1);
        assertThat(reads("cache")).isEqualTo(hits + 1);
    }

    /** twitter_timeline_home_reads_total{path} (pulled=false), as this instance counts them. */
    private double reads(String path) {
        var counter = meters.find("twitter.timeline.home.reads").tag("path", path).tag("pulled", "false").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void withValkeyDownTheHomeTimelineIsStillServedFromPostgres() {
        long me = user(false);
        long a = user(false);
        follow(me, a);
        long t1 = tweet(a);
        long t2 = tweet(a);
        DevStack.get().restartRedis(() -> {
            ServiceClient.Response response = client.get("/api/timeline/home", me);
            assertThat(response.status()).isEqualTo(200);
            assertThat(ids(response.body())).containsExactly(id(t2), id(t1));
        });
    }

    /**
     * A rebuild that cannot get a database connection (the pool exhausted, as under a cold-cache
     * stampede) fails that read with a 503 to retry: it is not served from PostgreSQL instead (more
     * load on what ran out), does not count against Valkey's breaker, and leaves no half-built
     * (empty) list behind.
     */
    @Test
    void aRebuildOutOfDatabaseConnectionsIsA503NotAReadFromPostgres() throws Exception {
        long me = user(false);
        long a = user(false);
        follow(me, a);
        long t1 = tweet(a);
        assertThat(ids(home(me, ""))).containsExactly(id(t1));
        redis.delete(TimelineStore.timelineKey(me));
        double fromPostgres = reads("postgres");
        var breaker = redisTimelineBreaker;
        long breakerFailures = breaker.getMetrics().getNumberOfFailedCalls();

        com.zaxxer.hikari.HikariDataSource pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        List<java.sql.Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                held.add(pool.getConnection());
            }
            ServiceClient.Response response = client.get("/api/timeline/home", me);
            assertThat(response.status()).as(response.text()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isNotNull();
        } finally {
            for (java.sql.Connection connection : held) {
                connection.close();
            }
        }
        assertThat(reads("postgres")).isEqualTo(fromPostgres);
        assertThat(breaker.getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(breakerFailures);
        // the failed rebuild left no empty list behind: the next read rebuilds it, with the tweet
        assertThat(ids(home(me, ""))).containsExactly(id(t1));
    }

    /**
     * Issue 13's proof that a warm read touches only Valkey: with PostgreSQL stopped, the page a
     * warm user read a moment ago comes back the same, tweets, authors, mentions, counts, flags
     * and retweeter included.
     */
    @Test
    void withPostgresDownAWarmHomeTimelineIsServedFromValkeyAlone() {
        long me = user(false);
        long a = user(false);
        long b = user(false);
        follow(me, a);
        follow(me, b);
        long plain = tweet(a);
        long mention = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.tweets (id, author_id, content, hashtags, mentions, like_count) "
                        + "VALUES (?, ?, 'hi @me #warm', ARRAY['warm'], ARRAY[?]::bigint[], 1)")
                .params(mention, b, me).update();
        fixtures.sql("INSERT INTO tweets.likes (user_id, tweet_id) VALUES (?, ?)").params(me, mention).update();
        long retweetId = retweet(b, plain);
        cached(me, TimelineEntry.retweet(retweetId, b, plain), TimelineEntry.tweet(mention, b));
        JsonNode cold = home(me, "");
        assertThat(ids(cold)).containsExactly(id(plain), id(mention));
        JsonNode warm = home(me, "");
        assertThat(warm).isEqualTo(cold);
        assertThat(warm.path("items").get(0).path("retweetedBy").path("id").asString()).isEqualTo(id(b));
        assertThat(warm.path("items").get(1).path("liked").asBoolean()).isTrue();
        assertThat(warm.path("items").get(1).path("likeCount").asInt()).isEqualTo(1);
        assertThat(warm.path("items").get(1).path("mentions").get(0).path("id").asString()).isEqualTo(id(me));

        DevStack.get().restartPostgres(() -> {
            ServiceClient.Response response = client.get("/api/timeline/home", me);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(warm);
        });
        // Back up, a read that needs PostgreSQL is served again. The pool's connections died with
        // the server: the first request on one may be a 503 (Hikari skips its check on a connection
        // used in the last 500 ms), never a 500, and the pool heals without a restart of the service.
        long newcomer = user(false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ServiceClient.Response response = client.get("/api/timeline/home", newcomer);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
        });
        for (int i = 0; i < 20; i++) {
            assertThat(client.get("/api/timeline/user/" + a, null).status()).as("read %d after the restart", i).isEqualTo(200);
        }
    }

    @Test
    void aUsersTimelineHasTheirTweetsAndRetweets() {
        long author = user(false);
        long other = user(false);
        long own = tweet(author);
        long theirs = tweet(other);
        long rt = retweet(author, theirs);
        JsonNode page = client.get("/api/timeline/user/" + author, null).body();
        assertThat(ids(page)).containsExactly(id(theirs), id(own));
        assertThat(page.path("items").get(0).path("retweetedBy").path("id").asString()).isEqualTo(id(author));
        assertThat(rt).isPositive();
        assertThat(client.get("/api/timeline/user/99999999999999999999", null).status()).isEqualTo(400);
    }

    private long user(boolean celebrity) {
        long id = USER_IDS.incrementAndGet();
        fixtures.sql("INSERT INTO graph.users (id, username, display_name, password_hash, is_celebrity) VALUES (?, ?, 'User', 'x', ?)")
                .params(id, "t" + (id % 1_000_000_000_000L), celebrity).update();
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

    private long retweet(long user, long tweet) {
        long id = IDS.nextId();
        fixtures.sql("INSERT INTO tweets.retweets (id, user_id, tweet_id) VALUES (?, ?, ?)").params(id, user, tweet).update();
        return id;
    }

    /** What graph-service does when a follow or unfollow commits; returns the new stamp. */
    private String renewFollowingStamp(long userId) {
        String stamp = java.util.UUID.randomUUID().toString();
        redis.opsForValue().set(TimelineStore.followingStampKey(userId), stamp);
        return stamp;
    }

    /** What the fanout would have written: a cached timeline, newest first. */
    private void cached(long userId, TimelineEntry... entries) {
        String key = TimelineStore.timelineKey(userId);
        redis.delete(key);
        for (TimelineEntry entry : entries) {
            redis.opsForList().rightPush(key, entry.encode());
        }
        redis.opsForList().rightPush(key, TimelineEntry.SENTINEL);
    }

    private JsonNode home(long userId, String query) {
        ServiceClient.Response response = client.get("/api/timeline/home" + query, userId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(t -> ids.add(t.path("id").asString()));
        return ids;
    }

    private static String id(long id) {
        return Long.toString(id);
    }
}
