package dev.twitterlike.fanout;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.events.UnreadableEvent;
import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.devstack.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FanoutTest extends FanoutIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    CircuitBreaker redisFanoutBreaker;

    @Test
    void aNormalAuthorsTweetReachesCachedFollowersAndTheAuthorButNotUncachedFollowers() {
        List<Long> u = users(4);
        long author = u.get(0);
        long active = u.get(1);
        long inactive = u.get(2);
        follow(active, author);
        follow(inactive, author);
        cacheTimeline(active);
        cacheTimeline(author);
        long tweet = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
        String entry = TimelineEntry.tweet(tweet, author).encode();
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(active)).first().isEqualTo(entry));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(author)).first().isEqualTo(entry));
        assertThat(redis.hasKey(TimelineStore.timelineKey(inactive))).as("inactive users are rebuilt on read").isFalse();
        assertThat(redis.opsForList().range(TimelineStore.recentKey(author), 0, -1)).containsExactly(entry);
    }

    @Test
    void aCelebritysTweetIsNeverPushedButKeptForPulls() {
        List<Long> u = users(3);
        long star = u.get(0);
        long fan = u.get(1);
        long marker = u.get(2);
        makeCelebrity(star);
        follow(fan, star);
        follow(fan, marker);
        cacheTimeline(fan);
        long tweet = tweet(star);
        publish(Topics.TWEET_CREATED, star, tweetCreated(tweet, star));
        long later = tweet(marker);
        publish(Topics.TWEET_CREATED, marker, tweetCreated(later, marker));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).contains(TimelineEntry.tweet(later, marker).encode()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(redis.opsForList().range(TimelineStore.recentKey(star), 0, -1))
                .containsExactly(TimelineEntry.tweet(tweet, star).encode()));
        assertThat(timeline(fan)).doesNotContain(TimelineEntry.tweet(tweet, star).encode());
    }

    @Test
    void anInfluencersTweetReachesOnlyActiveFollowersAndFlagsTheOthersForACatchUp() {
        List<Long> u = users(4);
        long influencer = u.get(0);
        long active = u.get(1);
        long away = u.get(2);
        long uncached = u.get(3);
        setInfluencer(influencer, true);
        followAll(List.of(active, away, uncached), influencer);
        cacheTimeline(active);
        cacheTimeline(away);
        lastReadTwoDaysAgo(away);
        long tweet = tweet(influencer);
        publish(Topics.TWEET_CREATED, influencer, tweetCreated(tweet, influencer));
        String entry = TimelineEntry.tweet(tweet, influencer).encode();
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(active)).first().isEqualTo(entry));
        await().atMost(WAIT).untilAsserted(() -> assertThat(redis.hasKey(TimelineStore.gapKey(away))).isTrue());
        assertThat(timeline(away)).as("away for two days: not written, flagged instead").containsExactly("1:0");
        assertThat(redis.hasKey(TimelineStore.gapKey(active))).isFalse();
        assertThat(redis.hasKey(TimelineStore.timelineKey(uncached))).isFalse();
        assertThat(redis.hasKey(TimelineStore.gapKey(uncached))).as("an uncached timeline is rebuilt on read anyway").isFalse();
        assertThat(redis.opsForList().range(TimelineStore.recentKey(influencer), 0, -1)).containsExactly(entry);
    }

    @Test
    void theTierIsTakenPerTweetSoPromotionAndDemotionLoseAndDuplicateNothingForActiveFollowers() {
        List<Long> u = users(3);
        long author = u.get(0);
        long active = u.get(1);
        long away = u.get(2);
        followAll(List.of(active, away), author);
        cacheTimeline(active);
        cacheTimeline(away);
        lastReadTwoDaysAgo(away);
        List<String> sent = new ArrayList<>();
        // normal, promoted to influencer, promoted to celebrity, demoted to influencer, to normal
        for (String tier : List.of("normal", "influencer", "celebrity", "influencer", "normal")) {
            setInfluencer(author, !tier.equals("normal"));
            fixtures.sql("UPDATE graph.users SET is_celebrity = ? WHERE id = ?").params(tier.equals("celebrity"), author).update();
            long tweet = tweet(author);
            publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
            String entry = TimelineEntry.tweet(tweet, author).encode();
            sent.add(0, entry);
            await().atMost(WAIT).untilAsserted(() -> assertThat(redis.opsForList().range(TimelineStore.recentKey(author), 0, 0))
                    .containsExactly(entry));
        }
        // the active follower got every tweet but the celebrity's (pulled at read), once each, in order
        List<String> pushedToActive = new ArrayList<>(sent);
        pushedToActive.remove(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(active)).containsExactlyElementsOf(
                concat(pushedToActive, "1:0")));
        // the one away got the normal-tier tweets only, and a gap for the influencer-tier ones
        assertThat(timeline(away)).containsExactly(sent.get(0), sent.get(4), "1:0");
        assertThat(redis.hasKey(TimelineStore.gapKey(away))).isTrue();
    }

    private static List<String> concat(List<String> entries, String last) {
        List<String> all = new ArrayList<>(entries);
        all.add(last);
        return all;
    }

    @Test
    void aRedeliveredEventLeavesNoDuplicateAndLateEventsAreSortedIn() {
        List<Long> u = users(2);
        long author = u.get(0);
        long fan = u.get(1);
        follow(fan, author);
        cacheTimeline(fan);
        long older = tweet(author);
        long newer = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(newer, author));
        publish(Topics.TWEET_CREATED, author, tweetCreated(older, author));
        publish(Topics.TWEET_CREATED, author, tweetCreated(newer, author));
        publish(Topics.TWEET_CREATED, author, tweetCreated(older, author));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).containsExactly(
                TimelineEntry.tweet(newer, author).encode(), TimelineEntry.tweet(older, author).encode(), "1:0"));
    }

    @Test
    void fanoutToThousandsOfFollowersGoesInBatches() {
        List<Long> u = users(2_501);
        long author = u.get(0);
        List<Long> fans = u.subList(1, u.size());
        followAll(fans, author);
        fans.forEach(this::cacheTimeline);
        long tweet = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
        String entry = TimelineEntry.tweet(tweet, author).encode();
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fans.get(fans.size() - 1))).first().isEqualTo(entry));
        assertThat(fans).allSatisfy(fan -> assertThat(redis.opsForList().index(TimelineStore.timelineKey(fan), 0)).isEqualTo(entry));
    }

    @Test
    void aFailedBatchFailsTheEventWhichIsRetriedUntilEveryTimelineHasTheEntryOnce() {
        List<Long> u = users(2_501);
        long author = u.get(0);
        List<Long> fans = u.subList(1, u.size());
        followAll(fans, author);
        fans.forEach(this::cacheTimeline);
        // a key Valkey cannot run the script on (not a list), in the second of three batches
        long broken = fans.get(1_500);
        redis.delete(TimelineStore.timelineKey(broken));
        redis.opsForValue().set(TimelineStore.timelineKey(broken), "not a list");
        long failedBefore = redisFanoutBreaker.getMetrics().getNumberOfFailedCalls();
        long tweet = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
        await().atMost(WAIT).until(() -> redisFanoutBreaker.getMetrics().getNumberOfFailedCalls() > failedBefore);
        assertThat(redisFanoutBreaker.getState()).as("one failed batch among successful ones does not open the breaker")
                .isEqualTo(CircuitBreaker.State.CLOSED);
        redis.delete(TimelineStore.timelineKey(broken));

        String entry = TimelineEntry.tweet(tweet, author).encode();
        List<Long> cached = fans.stream().filter(fan -> fan != broken).toList();
        await().atMost(WAIT).untilAsserted(() -> assertThat(cached).allSatisfy(fan -> assertThat(timeline(fan)).first().isEqualTo(entry)));
        assertThat(cached).as("batches written before the failure are not written twice by the retry")
                .allSatisfy(fan -> assertThat(timeline(fan)).containsExactly(entry, "1:0"));
    }

    @Test
    void deletesAndUnfollowsLeaveTheTimeline() {
        List<Long> u = users(3);
        long author = u.get(0);
        long other = u.get(1);
        long fan = u.get(2);
        follow(fan, author);
        follow(fan, other);
        cacheTimeline(fan);
        long kept = tweet(author);
        long deleted = tweet(author);
        long others = tweet(other);
        publish(Topics.TWEET_CREATED, author, tweetCreated(kept, author));
        publish(Topics.TWEET_CREATED, author, tweetCreated(deleted, author));
        publish(Topics.TWEET_CREATED, other, tweetCreated(others, other));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).hasSize(4));
        publish(Topics.TWEET_DELETED, author, Map.of("id", deleted, "authorId", author));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan))
                .containsExactly(TimelineEntry.tweet(others, other).encode(), TimelineEntry.tweet(kept, author).encode(), "1:0"));
        String stamp = redis.opsForValue().get(TimelineStore.followingStampKey(fan));
        publish(Topics.FOLLOW_REMOVED, fan, Map.of("followerId", fan, "followeeId", author));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan))
                .containsExactly(TimelineEntry.tweet(others, other).encode(), "1:0"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(redis.opsForValue().get(TimelineStore.followingStampKey(fan)))
                .as("the unfollow renews the following stamp, in case graph-service could not").isNotNull().isNotEqualTo(stamp));
    }

    @Test
    void aFollowBackfillsTheFolloweesRecentTweetsInOrder() {
        List<Long> u = users(3);
        long author = u.get(0);
        long other = u.get(1);
        long fan = u.get(2);
        follow(fan, other);
        cacheTimeline(fan);
        long first = tweet(author);
        long middle = tweet(other);
        long last = tweet(author);
        publish(Topics.TWEET_CREATED, other, tweetCreated(middle, other));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).hasSize(2));
        // the author's recent list is not cached: the backfill reads PostgreSQL
        follow(fan, author);
        publish(Topics.FOLLOW_NEW, fan, Map.of("followerId", fan, "followeeId", author, "followeeCelebrity", false));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).containsExactly(
                TimelineEntry.tweet(last, author).encode(), TimelineEntry.tweet(middle, other).encode(),
                TimelineEntry.tweet(first, author).encode(), "1:0"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(redis.hasKey(TimelineStore.followingStampKey(fan))).isTrue());
    }

    @Test
    void retweetsArePushedAsTheirOwnEntriesAndUndoneRetweetsRemoved() {
        List<Long> u = users(3);
        long author = u.get(0);
        long retweeter = u.get(1);
        long fan = u.get(2);
        follow(fan, retweeter);
        cacheTimeline(fan);
        long tweet = tweet(author);
        long retweetId = IDS.nextId();
        publish(Topics.RETWEET_CREATED, retweeter, Map.of("retweetId", retweetId, "userId", retweeter, "tweetId", tweet));
        String entry = TimelineEntry.retweet(retweetId, retweeter, tweet).encode();
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).first().isEqualTo(entry));
        publish(Topics.RETWEET_REMOVED, retweeter, Map.of("retweetId", retweetId, "userId", retweeter, "tweetId", tweet));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).containsExactly("1:0"));
    }

    @Test
    void unreadableEventsGoToTheDeadLetterTopicAndDoNotBlockTheRest() {
        List<Long> u = users(2);
        long author = u.get(0);
        long fan = u.get(1);
        follow(fan, author);
        cacheTimeline(fan);
        publishRaw(Topics.TWEET_CREATED, Long.toString(author), "{not json");
        long tweet = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).first()
                .isEqualTo(TimelineEntry.tweet(tweet, author).encode()));
    }


    @Test
    void anEventWithAMissingOrNonNumericIdGoesToTheDeadLetterTopicAndWritesNoEntryWithIdZero() {
        List<Long> u = users(2);
        long author = u.get(0);
        long fan = u.get(1);
        follow(fan, author);
        cacheTimeline(fan);
        String noId = json.writeValueAsString(EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("authorId", author)));
        String wordId = json.writeValueAsString(EventEnvelope.of(Topics.TWEET_CREATED, author, Map.of("id", "twelve", "authorId", author)));
        Map<String, Object> nullPayload = new HashMap<>(Map.of("authorId", author));
        nullPayload.put("id", null);
        String nullId = json.writeValueAsString(EventEnvelope.of(Topics.TWEET_CREATED, author, nullPayload));
        publishRaw(Topics.TWEET_CREATED, Long.toString(author), noId);
        publishRaw(Topics.TWEET_CREATED, Long.toString(author), wordId);
        publishRaw(Topics.TWEET_CREATED, Long.toString(author), nullId);
        long tweet = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));

        ConsumerRecord<String, String> dead = DeadLetters.await(Topics.TWEET_CREATED, noId, "fanout-tweets", WAIT);
        assertThat(DeadLetters.header(dead, "kafka_dlt-exception-cause-fqcn")).isEqualTo(UnreadableEvent.class.getName());
        DeadLetters.await(Topics.TWEET_CREATED, wordId, "fanout-tweets", WAIT);
        DeadLetters.await(Topics.TWEET_CREATED, nullId, "fanout-tweets", WAIT);
        // same key, same partition: once the good tweet is in, the bad ones were handled before it
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeline(fan)).first()
                .isEqualTo(TimelineEntry.tweet(tweet, author).encode()));
        assertThat(timeline(fan)).as("no entry for a tweet 0").containsExactly(TimelineEntry.tweet(tweet, author).encode(), "1:0");
        assertThat(redis.opsForList().range(TimelineStore.recentKey(author), 0, -1))
                .containsExactly(TimelineEntry.tweet(tweet, author).encode());
    }
}
