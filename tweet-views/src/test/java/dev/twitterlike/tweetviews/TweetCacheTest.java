package dev.twitterlike.tweetviews;

import dev.twitterlike.devstack.DevStack;
import dev.twitterlike.devstack.Infra;
import dev.twitterlike.tweetviews.TweetCache.Body;
import dev.twitterlike.tweetviews.TweetCache.Counts;
import dev.twitterlike.tweetviews.TweetView.UserSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's one rule against real Valkey: a reader's fill (what it read from PostgreSQL
 * before an owner's change) never replaces what the owner wrote after the change, whichever
 * comes last.
 */
class TweetCacheTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);
    private static LettuceConnectionFactory connections;
    private static TweetCache cache;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void valkey() {
        Map<String, String> props = DevStack.get().ensure(EnumSet.of(Infra.REDIS));
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(
                props.getOrDefault("spring.data.redis.host", "127.0.0.1"),
                Integer.parseInt(props.getOrDefault("spring.data.redis.port", "6379")));
        config.setUsername(props.get("spring.data.redis.username"));
        config.setPassword(props.get("spring.data.redis.password"));
        connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        cache = new TweetCache(redis, new TweetCacheProperties(Duration.ofDays(3), Duration.ofDays(1), Duration.ofDays(1)));
    }

    @AfterAll
    static void close() {
        connections.destroy();
    }

    @Test
    void aPostedTweetIsCompleteAndItsKeyIsTaggedByItsId() {
        long id = IDS.incrementAndGet();
        Body body = body(id);
        cache.putTweet(id, body);
        TweetCache.Cached cached = cache.lookup(List.of(id), null).tweets().get(id);
        assertThat(cached.complete()).isTrue();
        assertThat(cached.body()).isEqualTo(body);
        assertThat(cached.counts()).isEqualTo(new Counts(0, 0, 0, 0));
        assertThat(TweetCache.tweetKey(id)).isEqualTo("tweet:{" + id + "}");
        assertThat(redis.getExpire(TweetCache.tweetKey(id))).isBetween(Duration.ofDays(3).toSeconds() - 5, Duration.ofDays(3).toSeconds());
    }

    @Test
    void eachKeyIsInTheClusterSlotOfTheIdItIsAbout() {
        for (long id : List.of(1L, 42L, 386225053668220928L, Long.MAX_VALUE)) {
            int slot = io.lettuce.core.cluster.SlotHash.getSlot(Long.toString(id));
            assertThat(Set.of(TweetCache.tweetKey(id), TweetCache.userKey(id), TweetCache.likedKey(id), TweetCache.retweetedKey(id),
                    dev.twitterlike.common.timeline.TimelineStore.timelineKey(id)))
                    .allSatisfy(key -> assertThat(io.lettuce.core.cluster.SlotHash.getSlot(key)).as(key).isEqualTo(slot));
        }
    }

    @Test
    void countsOnlyEverMoveToANewerVersion() {
        long id = IDS.incrementAndGet();
        cache.putCounts(id, new Counts(5, 3, 1, 0));
        // a reader that read version 4 from PostgreSQL before the change fills after it
        cache.fillTweets(Map.of(id, body(id)), Map.of(id, new Counts(4, 2, 1, 0)));
        TweetCache.Cached cached = cache.lookup(List.of(id), null).tweets().get(id);
        assertThat(cached.counts()).isEqualTo(new Counts(5, 3, 1, 0));
        assertThat(cached.body()).as("the fill still adds the missing body").isEqualTo(body(id));
        cache.putCounts(id, new Counts(6, 2, 1, 0));
        assertThat(cache.lookup(List.of(id), null).tweets().get(id).counts()).isEqualTo(new Counts(6, 2, 1, 0));
    }

    @Test
    void aTombstoneOutlivesEveryFillAndEveryCountWrite() {
        long id = IDS.incrementAndGet();
        cache.putTweet(id, body(id));
        cache.deleteTweet(id);
        cache.fillTweets(Map.of(id, body(id)), Map.of(id, new Counts(1, 1, 0, 0)));
        cache.putCounts(id, new Counts(2, 2, 0, 0));
        TweetCache.Cached cached = cache.lookup(List.of(id), null).tweets().get(id);
        assertThat(cached.deleted()).isTrue();
        assertThat(cached.complete()).isTrue();
        assertThat(redis.opsForHash().keys(TweetCache.tweetKey(id))).containsExactly("deleted");
    }

    @Test
    void anEditedSummaryIsNotReplacedByAFillOfTheOldOne() {
        long id = IDS.incrementAndGet();
        UserSummary old = new UserSummary(Long.toString(id), "old", "Old", null);
        UserSummary renamed = new UserSummary(Long.toString(id), "new", "New", "/media/a.png");
        cache.putUser(renamed);
        cache.fillUsers(List.of(old));
        assertThat(cache.users(List.of(id))).containsEntry(id, renamed);
        long other = IDS.incrementAndGet();
        cache.fillUsers(List.of(new UserSummary(Long.toString(other), "o", "O", null)));
        assertThat(cache.users(List.of(id, other, IDS.incrementAndGet()))).containsOnlyKeys(id, other);
    }

    @Test
    void aViewersFlagsAreCompleteOnlyOnceFilledAndALaterUnlikeWins() {
        long viewer = IDS.incrementAndGet();
        long liked = IDS.incrementAndGet();
        long unliked = IDS.incrementAndGet();
        long retweeted = IDS.incrementAndGet();
        // the like and the unlike commit after the reader read PostgreSQL, their writes land before its fill
        cache.putLiked(viewer, liked, true);
        cache.putLiked(viewer, unliked, false);
        assertThat(cache.lookup(List.of(liked), viewer).flags().liked()).as("not complete: a partial hash is a miss").isNull();
        cache.fillFlags(viewer, Set.of(unliked), Set.of(retweeted));
        TweetCache.Flags flags = cache.lookup(List.of(liked, unliked, retweeted), viewer).flags();
        assertThat(flags.liked()).containsExactly(liked);
        assertThat(flags.retweeted()).containsExactly(retweeted);
        cache.putRetweeted(viewer, retweeted, false);
        assertThat(cache.lookup(List.of(retweeted), viewer).flags().retweeted()).isEmpty();
    }

    private static Body body(long id) {
        return new Body(42, "tweet " + id + " #tag", Instant.parse("2025-01-02T03:04:05.123456Z"), List.of("tag"), List.of(7L),
                List.of("/media/x.png"), null);
    }
}
