package dev.twitterlike.graph;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param celebrityThreshold followers at which the celebrity flag is set (authors are then
 *                           pulled at read time instead of pushed); cleared below 90 % of it
 * @param influencerThreshold followers at which the influencer flag is set (an author's tweets are
 *                           then pushed only to followers who read recently; docs/fanout.md); at or above
 *                           the celebrity threshold there are no influencers (a celebrity is pulled)
 * @param sessionTtl         how long a session lives (its row in graph.sessions, its copy in Valkey, the cookie)
 * @param sessionCookie      the cookie that carries the session id ({@code __Host-} prefixed with secureCookies)
 * @param secureCookies      the suite is served over HTTPS: the cookie is Secure and {@code __Host-} prefixed
 *                           ({@code SECURE_COOKIES}; the gateway must be told the same)
 * @param workerId           this instance's Snowflake worker id (0..1023)
 */
@ConfigurationProperties("twitter.graph")
public record GraphProperties(int celebrityThreshold, int influencerThreshold, Duration sessionTtl, String sessionCookie,
        int workerId, boolean secureCookies) {

    public GraphProperties {
        if (influencerThreshold < 1) {
            throw new IllegalArgumentException("twitter.graph.influencer-threshold must be at least 1, not " + influencerThreshold);
        }
    }

    /** Below this many followers a celebrity is demoted: the gap keeps the flag from flapping. */
    public int celebrityDemotionBelow() {
        return (int) Math.ceil(celebrityThreshold * 0.9);
    }
}
