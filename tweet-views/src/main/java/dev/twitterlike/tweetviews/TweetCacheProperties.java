package dev.twitterlike.tweetviews;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The lifetimes of the read model's cache ({@code twitter.tweet-cache.*}), configured once: the
 * defaults are here, in no service's YAML, so tweet-service, graph-service and the readers
 * cannot disagree.
 *
 * @param tweetTtl how long a tweet's hash ({@code tweet:{id}}: body, counts, or the tombstone of a deleted one)
 *                 lives after it was last written
 * @param userTtl  how long a user summary ({@code user:{id}}) lives after it was last written
 * @param flagsTtl how long a viewer's likes and retweets ({@code liked:{userId}}, {@code retweeted:{userId}})
 *                 live after they were last written
 */
@ConfigurationProperties("twitter.tweet-cache")
public record TweetCacheProperties(@DefaultValue("3d") Duration tweetTtl, @DefaultValue("1d") Duration userTtl,
        @DefaultValue("1d") Duration flagsTtl) {
}
