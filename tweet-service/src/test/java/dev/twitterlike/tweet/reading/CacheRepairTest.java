package dev.twitterlike.tweet.reading;

import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.tweet.TweetIntegrationTest;
import dev.twitterlike.tweet.cache.CacheRepairs;
import dev.twitterlike.tweetviews.TweetCache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cache write that fails after its commit while Valkey keeps its data (as when a Valkey
 * Cluster master dies and its replica takes over without its last writes): the old copy is
 * still there and still served, and the queued repair puts it right from PostgreSQL instead of
 * leaving it until its TTL (days).
 */
class CacheRepairTest extends TweetIntegrationTest {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    CacheRepairs repairs;

    @Test
    void countsFlagsAndTombstonesThatCouldNotBeCachedAreRepairedFromPostgres() {
        long author = user();
        long fan = user();
        long liked = tweet(author, "like me while Valkey is paused");
        long deleted = tweet(author, "delete me while Valkey is paused");
        // warm: the counts, the fan's flags and both tweets in the cache
        assertThat(client.get("/api/tweets/" + liked, fan).body().path("likeCount").asInt()).isZero();
        assertThat(client.get("/api/tweets/" + deleted, fan).status()).isEqualTo(200);

        valkey("CLIENT", "PAUSE", "20000", "WRITE");
        // committed in PostgreSQL; the cache writes after the commit time out (1 s) and are queued
        assertThat(client.call("POST", "/api/tweets/" + liked + "/like", null, fan).body().path("likeCount").asInt()).isEqualTo(1);
        assertThat(client.call("DELETE", "/api/tweets/" + deleted, null, author).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT count(*) FROM tweets.cache_repairs WHERE tweet_id IN (?, ?)").params(liked, deleted)
                .query(Long.class).single()).as("a repair per failed write: counts, the fan's flags, the tombstone").isEqualTo(3);
        // the writes waiting in Valkey are dropped with their connections, as a master's last
        // writes are lost when it dies before its replica has them (the clients reconnect)
        valkey("CLIENT", "KILL", "TYPE", "normal");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "OK".equals(valkey("CLIENT", "UNPAUSE")));

        // what readers are served without a repair: the copies from before (once the service's
        // connections are back)
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(redis.opsForHash().get(TweetCache.tweetKey(liked), "likes")).isEqualTo("0"));
        assertThat(redis.opsForHash().hasKey(TweetCache.tweetKey(deleted), "deleted")).isFalse();
        assertThat(client.get("/api/tweets/" + liked, fan).body().path("likeCount").asInt()).isZero();

        assertThat(repairs.repair()).isGreaterThanOrEqualTo(3);
        assertThat(redis.opsForHash().get(TweetCache.tweetKey(liked), "likes")).isEqualTo("1");
        assertThat(redis.opsForHash().get(TweetCache.likedKey(fan), Long.toString(liked))).isEqualTo("1");
        assertThat(redis.opsForHash().keys(TweetCache.tweetKey(deleted))).containsExactly("deleted");
        Response read = client.get("/api/tweets/" + liked, fan);
        assertThat(read.body().path("likeCount").asInt()).isEqualTo(1);
        assertThat(read.body().path("liked").asBoolean()).isTrue();
        assertThat(client.get("/api/tweets/" + deleted, fan).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM tweets.cache_repairs WHERE tweet_id IN (?, ?)").params(liked, deleted)
                .query(Long.class).single()).as("the queue drained").isZero();
    }

    @Test
    void aRepairNeverPutsBackAnOlderValueThanTheOwnerWroteSince() {
        long author = user();
        long fan = user();
        long id = tweet(author, "liked, then unliked");
        client.call("POST", "/api/tweets/" + id + "/like", null, fan);
        // a repair queued for a state that has moved on since (it reads PostgreSQL as it runs)
        repairs.queue(id, fan);
        repairs.queue(id, CacheRepairs.TWEET);
        client.call("DELETE", "/api/tweets/" + id + "/like", null, fan);
        assertThat(repairs.repair()).isGreaterThanOrEqualTo(2);
        assertThat(redis.opsForHash().get(TweetCache.tweetKey(id), "likes")).isEqualTo("0");
        assertThat(redis.opsForHash().get(TweetCache.likedKey(fan), Long.toString(id))).isEqualTo("0");
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    /**
     * A command to Valkey on a connection of its own: the service's shared connection holds the
     * paused writes, and a command behind them would wait as long.
     */
    private String valkey(String... args) {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.builder()
                .withHost(environment.getProperty("spring.data.redis.host", "127.0.0.1"))
                .withPort(environment.getProperty("spring.data.redis.port", Integer.class, 6379))
                .withAuthentication(environment.getProperty("spring.data.redis.username", "default"),
                        environment.getProperty("spring.data.redis.password", "").toCharArray())
                .build();
        io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(uri);
        try (var connection = admin.connect()) {
            io.lettuce.core.protocol.CommandArgs<String, String> commandArgs =
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8);
            java.util.Arrays.stream(args).skip(1).forEach(commandArgs::add);
            io.lettuce.core.output.CommandOutput<String, String, ?> output = "KILL".equals(args[1])
                    ? new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8)
                    : new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8);
            return String.valueOf(connection.sync().dispatch(io.lettuce.core.protocol.CommandType.valueOf(args[0]), output, commandArgs));
        } finally {
            admin.shutdown();
        }
    }
}
