package dev.twitterlike.tweet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * @param workerId       this instance's Snowflake worker id (0..1023)
 * @param maxJsonBody    the largest JSON request body accepted (413 above); a tweet needs a few KB
 * @param idempotency    how long {@code Idempotency-Key}s are remembered, and how duplicates wait
 * @param retention      how long soft-deleted tweets are kept before they are hard-deleted
 */
@ConfigurationProperties("twitter.tweets")
public record TweetProperties(int workerId, DataSize maxJsonBody, Idempotency idempotency, Retention retention) {

    /**
     * @param ttl             how long a key and its response are kept (24 h)
     * @param duplicateWait   how long a concurrent duplicate waits for the first response before
     *                        it gets a 409
     */
    public record Idempotency(Duration ttl, Duration duplicateWait) {
    }

    /**
     * @param deletedTweets  soft-deleted tweets older than this are hard-deleted with their likes and retweets
     * @param purgeInterval  how often the purge runs
     * @param purgeBatch     rows deleted per transaction, so a large purge never holds locks for long
     */
    public record Retention(Duration deletedTweets, Duration purgeInterval, int purgeBatch) {
    }
}
