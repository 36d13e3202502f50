package dev.twitterlike.fanout;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.lab.FanoutCounters;
import dev.twitterlike.common.lab.FanoutJourney;
import dev.twitterlike.common.lab.PublishedCounters;
import dev.twitterlike.common.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the worker publishes for the Lab page: each new tweet's journey, and its own figures every second. */
class JourneyTest extends FanoutIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aNormalAuthorsTweetRecordsWhenItWasPublishedReceivedAndWrittenAndForHowManyFollowers() {
        List<Long> u = users(3);
        long author = u.get(0);
        long cached = u.get(1);
        long uncached = u.get(2);
        followAll(List.of(cached, uncached), author);
        cacheTimeline(cached);
        long tweet = tweet(author);
        long before = System.currentTimeMillis();
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
        long published = System.currentTimeMillis();

        FanoutJourney journey = awaitJourney(tweet);
        assertThat(journey.tier()).isEqualTo("normal");
        assertThat(journey.followers()).isEqualTo(2);
        assertThat(journey.written()).as("only the cached timeline").isEqualTo(1);
        assertThat(journey.skipped()).isZero();
        assertThat(journey.relayedAt()).as("the record's timestamp: when it was sent").isBetween(before, published);
        assertThat(journey.receivedAt()).isGreaterThanOrEqualTo(journey.relayedAt());
        assertThat(journey.recentAt()).isGreaterThanOrEqualTo(journey.receivedAt());
        assertThat(journey.visibleAt()).isGreaterThanOrEqualTo(journey.recentAt());
        assertThat(journey.doneAt()).isGreaterThanOrEqualTo(journey.visibleAt());
        assertThat(timeline(cached)).first().as("visible means written").isEqualTo(TimelineEntry.tweet(tweet, author).encode());
        assertThat(redis.getExpire(FanoutJourney.key(tweet), TimeUnit.SECONDS)).as("kept for journey-ttl").isBetween(100L, 120L);
    }

    @Test
    void anInfluencersJourneyCountsTheFollowersAwayAndACelebritysWritesNoFollower() {
        List<Long> u = users(4);
        long influencer = u.get(0);
        long star = u.get(1);
        long active = u.get(2);
        long away = u.get(3);
        setInfluencer(influencer, true);
        makeCelebrity(star);
        followAll(List.of(active, away), influencer);
        followAll(List.of(active, away), star);
        cacheTimeline(active);
        cacheTimeline(away);
        lastReadTwoDaysAgo(away);
        long influencersTweet = tweet(influencer);
        long starsTweet = tweet(star);
        publish(Topics.TWEET_CREATED, influencer, tweetCreated(influencersTweet, influencer));
        publish(Topics.TWEET_CREATED, star, tweetCreated(starsTweet, star));

        FanoutJourney pushed = awaitJourney(influencersTweet);
        assertThat(pushed.tier()).isEqualTo("influencer");
        assertThat(List.of(pushed.followers(), pushed.written(), pushed.skipped())).containsExactly(2, 1, 1);
        FanoutJourney pulled = awaitJourney(starsTweet);
        assertThat(pulled.tier()).isEqualTo("celebrity");
        assertThat(List.of(pulled.followers(), pulled.written(), pulled.skipped())).containsExactly(0, 0, 0);
        assertThat(pulled.visibleAt()).as("no follower's timeline was written").isZero();
        assertThat(pulled.recentAt()).isPositive().isLessThanOrEqualTo(pulled.doneAt());
    }

    @Test
    void aRetweetRecordsNoJourney() {
        List<Long> u = users(2);
        long author = u.get(0);
        long retweeter = u.get(1);
        long tweet = tweet(author);
        long retweet = IDS.nextId();
        publish(Topics.RETWEET_CREATED, retweeter, Map.of("retweetId", retweet, "userId", retweeter, "tweetId", tweet));
        await().atMost(WAIT).untilAsserted(() -> assertThat(redis.opsForList().range(
                dev.twitterlike.common.timeline.TimelineStore.recentKey(retweeter), 0, -1)).isNotEmpty());
        assertThat(redis.hasKey(FanoutJourney.key(retweet))).isFalse();
        assertThat(redis.hasKey(FanoutJourney.key(tweet))).isFalse();
    }

    @Test
    void theWorkerPublishesItsTotalsEverySecondAndTheyMoveWithEachFanout() {
        List<Long> u = users(2);
        long author = u.get(0);
        long fan = u.get(1);
        follow(fan, author);
        cacheTimeline(fan);
        await().atMost(WAIT).until(() -> !PublishedCounters.read(redis, FanoutCounters.KEY, System.currentTimeMillis()).isEmpty());
        FanoutCounters before = FanoutCounters.total(PublishedCounters.read(redis, FanoutCounters.KEY, System.currentTimeMillis()));
        long tweet = tweet(author);
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author));
        awaitJourney(tweet);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            FanoutCounters now = FanoutCounters.total(PublishedCounters.read(redis, FanoutCounters.KEY, System.currentTimeMillis()));
            assertThat(now.normal()).isGreaterThanOrEqualTo(before.normal() + 1);
            assertThat(now.writes()).as("one follower's timeline").isGreaterThanOrEqualTo(before.writes() + 1);
            assertThat(now.inserted()).as("the follower's and the author's own").isGreaterThanOrEqualTo(before.inserted() + 1);
        });
        assertThat(redis.getExpire(FanoutCounters.KEY, TimeUnit.SECONDS)).isBetween(1L, 10L);
    }

    private FanoutJourney awaitJourney(long tweetId) {
        await().atMost(WAIT).until(() -> redis.hasKey(FanoutJourney.key(tweetId)));
        return FanoutJourney.fromHash(redis.opsForHash().entries(FanoutJourney.key(tweetId)));
    }
}
