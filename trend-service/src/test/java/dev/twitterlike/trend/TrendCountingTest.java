package dev.twitterlike.trend;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.devstack.ServiceClient;
import dev.twitterlike.devstack.DeadLetters;
import dev.twitterlike.trend.counting.ActivityRetention;
import dev.twitterlike.trend.counting.BucketRebuild;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Counting: deletions, redeliveries, the rebuild from PostgreSQL and the 90-day retention. */
class TrendCountingTest extends TrendIntegrationTest {

    @Autowired
    BucketRebuild rebuild;
    @Autowired
    ActivityRetention retention;

    @Test
    void deletedTweetsStopCounting() {
        String where = location("deleted");
        String tag = tag("deleted");
        String twice = tag("twice");
        List<Long> authors = users(4, where);
        long[] tweets = new long[4];
        for (int i = 0; i < 4; i++) {
            tweets[i] = tweet(authors.get(i), tag);
        }
        long repeater = users(1, where).get(0);
        long first = tweet(repeater, twice);
        tweet(repeater, twice);
        awaitCount("/api/trends/" + where, tag, 4);
        awaitCount("/api/trends/" + where, twice, 2);

        delete(tweets[0], authors.get(0), tag);
        delete(tweets[1], authors.get(1), tag);
        delete(first, repeater, twice);
        // uniqueAuthors too: the authors' HyperLogLog (which cannot forget one) is reset from PostgreSQL
        JsonNode list = awaitList("/api/trends/" + where, l -> counts(l).equals(Map.of(tag, 2L, twice, 1L))
                && find(l, tag).get().path("uniqueAuthors").asLong() == 2);
        JsonNode t = find(list, tag).orElseThrow();
        assertThat(t.path("score").asDouble()).isLessThanOrEqualTo(2.0);
        // the repeater still has a tweet with the tag in that minute: still one author there
        JsonNode r = find(list, twice).orElseThrow();
        assertThat(r.path("uniqueAuthors").asLong()).isEqualTo(1);
        assertThat(r.path("score").asDouble()).isGreaterThan(0.9);
        assertThat(jdbc.sql("SELECT count(*) FROM trends.hashtag_activity WHERE hashtag = ?").param(tag).query(Long.class).single())
                .isEqualTo(2);
        // the refresher computes the lists one after another: the site-wide one may be a cycle behind
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(global(tag)).isEqualTo(2));
    }

    @Test
    void aDeleteThatArrivesBeforeItsCreateKeepsTheTweetUncounted() {
        String where = location("early");
        String early = tag("early");
        String control = tag("control");
        long author = users(1, where).get(0);
        long id = tweetIdAt(Instant.now());
        delete(id, author, early);
        publish(created(id, author, Instant.now(), early)).join();
        tweet(author, control);
        awaitCount("/api/trends/" + where, control, 1);
        awaitList("/api/trends/" + where, l -> find(l, early).isEmpty());
        assertThat(jdbc.sql("SELECT count(*) FROM trends.hashtag_activity WHERE tweet_id = ?").param(id).query(Long.class).single())
                .isZero();
    }

    @Test
    void theEventIsReadTolerantlyAndUnreadableOnesDoNotBlockThePartition() {
        String where = location("tolerant");
        String tag = tag("tolerant");
        long author = users(1, where).get(0);
        Instant now = Instant.now();
        kafka.send(Topics.TWEET_CREATED, Long.toString(author), "{not json").join();
        // as tweet-service writes it, with ids as numbers or strings, a duplicate tag and fields this reader ignores
        kafka.send(Topics.TWEET_CREATED, Long.toString(author), """
                {"eventId":"%s","type":"tweet.created","occurredAt":"%s","key":"%d","traceId":"t-1",
                 "payload":{"id":%d,"authorId":"%d","content":"hi #%s","hashtags":["%s","%s"],"mentions":[],
                            "replyTo":null,"replyToAuthorId":null,"mediaUrls":[],"createdAt":"%s","lang":"en"}}
                """.formatted(UUID.randomUUID(), now, author, tweetIdAt(now), author, tag, tag, tag, now)).join();
        JsonNode list = awaitCount("/api/trends/" + where, tag, 1);
        assertThat(find(list, tag).orElseThrow().path("uniqueAuthors").asLong()).isEqualTo(1);
    }

    @Test
    void aRedeliveredEventCountsOnce() {
        String where = location("redelivered");
        String tag = tag("again");
        String control = tag("after");
        long author = users(1, where).get(0);
        long id = tweetIdAt(Instant.now());
        EventEnvelope<Object> event = created(id, author, Instant.now(), tag);
        publish(event).join();
        publish(event).join();
        publish(event).join();
        // same author, same partition: once this one is counted, the redeliveries have been read
        tweet(author, control);
        JsonNode list = awaitCount("/api/trends/" + where, control, 1);
        assertThat(find(list, tag).orElseThrow().path("tweetCount").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM trends.processed_events WHERE event_id = ?").param(event.eventId())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM trends.hashtag_activity WHERE tweet_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void afterValkeyLosesTheBucketsTheyAreRebuiltFromPostgresWithTheSameTopList() {
        String where = location("rebuilt");
        String big = tag("big");
        String older = tag("older");
        String growing = tag("growing");
        String removed = tag("removed");
        tweetsByEach(users(6, where), Instant.now(), big);
        tweetsByEach(users(4, where), Instant.now().minus(Duration.ofMinutes(10)), older);
        tweetsByEach(users(3, where), Instant.now().minus(Duration.ofMinutes(80)), growing);
        tweetsByEach(users(5, where), Instant.now(), growing);
        long author = users(1, where).get(0);
        long gone = tweet(author, removed);
        tweet(author, removed);
        delete(gone, author, removed);
        JsonNode before = awaitCounts("/api/trends/" + where, Map.of(big, 6L, older, 4L, growing, 5L, removed, 1L));
        assertThat(hashtags(before)).containsExactly(big, growing, older, removed);

        Set<String> keys = redis.keys(TrendKeys.PREFIX + "*");
        redis.delete(keys);
        rebuild.rebuildIfLost(); // also done by the scheduled check, whichever comes first

        JsonNode after = awaitList("/api/trends/" + where, l -> hashtags(l).equals(hashtags(before)));
        for (int i = 0; i < 4; i++) {
            JsonNode b = before.path("items").get(i);
            JsonNode a = after.path("items").get(i);
            assertThat(a.path("tweetCount").asLong()).isEqualTo(b.path("tweetCount").asLong());
            assertThat(a.path("uniqueAuthors").asLong()).isEqualTo(b.path("uniqueAuthors").asLong());
            assertThat(a.path("rising").asBoolean()).isEqualTo(b.path("rising").asBoolean());
            // equal unless a minute turned in between (then 0.95 of it)
            assertThat(a.path("score").asDouble()).isCloseTo(b.path("score").asDouble(), within(b.path("score").asDouble() * 0.051));
        }
        assertThat(redis.hasKey(TrendKeys.REBUILT)).isTrue();
    }

    @Test
    void theOperationsRebuildPutsBackBucketsValkeyLostWhileItsMarkerStayed() throws Exception {
        String where = location("oprebuild");
        String first = tag("first");
        String second = tag("second");
        String removed = tag("removed");
        tweetsByEach(users(5, where), Instant.now(), first);
        tweetsByEach(users(3, where), Instant.now().minus(Duration.ofMinutes(30)), second);
        long author = users(1, where).get(0);
        long gone = tweet(author, removed);
        delete(gone, author, removed);
        JsonNode before = awaitCounts("/api/trends/" + where, Map.of(first, 5L, second, 3L));
        assertThat(find(before, removed)).isEmpty();
        // the deletion is recorded (its tombstone is what the rebuild restores), not only sent
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("SELECT count(*) FROM trends.deleted_tweets WHERE tweet_id = ?")
                .param(gone).query(Long.class).single() == 1);

        // the buckets are gone but the marker stayed (keys deleted by hand, evicted): nothing rebuilds them by itself
        Set<String> keys = redis.keys(TrendKeys.PREFIX + "*");
        keys.remove(TrendKeys.REBUILT);
        redis.delete(keys);
        // the location is no longer listed as active: its list is not recomputed, reads get the last one, stale
        awaitList("/api/trends/" + where, l -> l.path("stale").asBoolean());
        assertThat(redis.hasKey(TrendKeys.bucket(where, TrendKeys.minuteOf(Instant.now())))).isFalse();

        ServiceClient.Response response = client.post("/internal/ops/trends/rebuild", null, null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.path("tweets").asLong()).isGreaterThanOrEqualTo(8);
        assertThat(body.path("deletedMarks").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(body.path("refreshed").asBoolean()).isTrue();

        // the lists were recomputed by the call itself: the very next read has them back
        JsonNode after = trends("/api/trends/" + where);
        assertThat(after.path("stale").asBoolean()).as(after.toString()).isFalse();
        assertThat(hashtags(after)).isEqualTo(hashtags(before));
        assertThat(counts(after)).isEqualTo(counts(before));
        for (int i = 0; i < before.path("items").size(); i++) {
            assertThat(after.path("items").get(i).path("uniqueAuthors").asLong())
                    .isEqualTo(before.path("items").get(i).path("uniqueAuthors").asLong());
        }
        assertThat(redis.hasKey(TrendKeys.deleted(gone))).as("the deleted tweet's mark is restored").isTrue();

        ServiceClient.Response get = client.get("/internal/ops/trends/rebuild", null);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void withValkeyDownTheOperationsRebuildIsA503ProblemToRetry() {
        dev.twitterlike.devstack.DevStack.get().restartRedis(() -> {
            ServiceClient.Response response = client.post("/internal/ops/trends/rebuild", null, null);
            assertThat(response.status()).as(response.text()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        });
    }

    @Test
    void activityOlderThanNinetyDaysIsPurged() {
        String tag = tag("history");
        Instant now = Instant.now();
        jdbc.sql("""
                        INSERT INTO trends.hashtag_activity (hashtag, tweet_id, author_id, location_key, occurred_at)
                        VALUES (?, ?, 1, NULL, ?), (?, ?, 1, NULL, ?)
                        """)
                .params(tag, tweetIdAt(now.minus(Duration.ofDays(91))), Timestamp.from(now.minus(Duration.ofDays(91))),
                        tag, tweetIdAt(now.minus(Duration.ofDays(89))), Timestamp.from(now.minus(Duration.ofDays(89))))
                .update();
        assertThat(retention.purge()).isPositive();
        assertThat(jdbc.sql("SELECT occurred_at FROM trends.hashtag_activity WHERE hashtag = ?").param(tag)
                .query(Timestamp.class).list())
                .singleElement().satisfies(at -> assertThat(at.toInstant()).isAfter(now.minus(Duration.ofDays(90))));
    }

    /**
     * The purge at the bench graph's scale (docs/operations.md, "Retention"): two hashtags on
     * each of its 60,000 tweets, half of them 91 days old and half 89, and as many processed
     * event ids, half 8 days old and half 6. One pass takes exactly the old ones.
     */
    @Test
    void atTheBenchGraphsScaleOnePassPurgesExactlyTheActivityAndEventIdsPastRetention() {
        String prefix = tag("bench");
        jdbc.sql("""
                INSERT INTO trends.hashtag_activity (hashtag, tweet_id, author_id, location_key, occurred_at)
                SELECT :prefix || (g % 2), 9000000000000 + g / 2, 9000000000000 + g % 20000, NULL,
                       now() - CASE WHEN g / 2 % 2 = 0 THEN interval '91 days' ELSE interval '89 days' END
                  FROM generate_series(0, 119999) g""").param("prefix", prefix).update();
        jdbc.sql("""
                INSERT INTO trends.processed_events (event_id, processed_at)
                SELECT md5(:prefix || g)::uuid, now() - CASE WHEN g % 2 = 0 THEN interval '8 days' ELSE interval '6 days' END
                  FROM generate_series(1, 120000) g""").param("prefix", prefix).update();
        jdbc.sql("ANALYZE trends.hashtag_activity").update();
        jdbc.sql("ANALYZE trends.processed_events").update();
        try {
            long t0 = System.nanoTime();
            long purged = retention.purge();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("retention cost: hashtag activity (90 days) and processed events (7 days): %d of 240000 rows purged in %d ms%n",
                    purged, millis);
            assertThat(purged).isGreaterThanOrEqualTo(120_000);
            assertThat(jdbc.sql("SELECT count(*) FROM trends.hashtag_activity WHERE hashtag LIKE :p").param("p", prefix + "%")
                    .query(Long.class).single()).isEqualTo(60_000);
            assertThat(jdbc.sql("SELECT count(*) FROM trends.hashtag_activity WHERE occurred_at < now() - interval '90 days'")
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM trends.processed_events WHERE processed_at < now() - interval '7 days'")
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM trends.processed_events WHERE processed_at < now() - interval '5 days'")
                    .query(Long.class).single()).as("the 6-day-old ids").isGreaterThanOrEqualTo(60_000);
        } finally {
            jdbc.sql("DELETE FROM trends.hashtag_activity WHERE hashtag LIKE :p").param("p", prefix + "%").update();
        }
    }

    private long global(String tag) {
        return find(trends("/api/trends?limit=50"), tag).map(t -> t.path("tweetCount").asLong()).orElse(0L);
    }


    @Test
    void anEventWithAMissingOrNonNumericIdGoesToTheDeadLetterTopicAndCountsNothing() {
        String where = location("deadletter");
        String bad = tag("bad");
        String control = tag("good");
        long author = users(1, where).get(0);
        Instant now = Instant.now();
        EventEnvelope<Object> noId = EventEnvelope.of(Topics.TWEET_CREATED, author,
                Map.of("authorId", author, "hashtags", List.of(bad), "createdAt", now.toString()));
        EventEnvelope<Object> wordAuthor = EventEnvelope.of(Topics.TWEET_CREATED, author,
                Map.of("id", tweetIdAt(now), "authorId", "someone", "hashtags", List.of(bad), "createdAt", now.toString()));
        EventEnvelope<Object> badTime = EventEnvelope.of(Topics.TWEET_CREATED, author,
                Map.of("id", tweetIdAt(now), "authorId", author, "hashtags", List.of(bad), "createdAt", "yesterday"));
        publish(noId).join();
        publish(wordAuthor).join();
        publish(badTime).join();
        tweet(author, control);

        for (EventEnvelope<Object> event : List.of(noId, wordAuthor, badTime)) {
            DeadLetters.await(Topics.TWEET_CREATED, JSON.writeValueAsString(event), "trend-tweets", WAIT);
        }
        // same author, same partition: once the control tweet counts, the bad ones were handled
        awaitCount("/api/trends/" + where, control, 1);
        assertThat(jdbc.sql("SELECT count(*) FROM trends.hashtag_activity WHERE hashtag = ? OR tweet_id = 0 OR author_id = 0")
                .param(bad).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM trends.processed_events WHERE event_id IN (?, ?, ?)")
                .params(noId.eventId(), wordAuthor.eventId(), badTime.eventId()).query(Long.class).single()).isZero();
    }
}
