package dev.twitterlike.common.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tweet's way through the fanout, as the worker saw it: the contract between fanout-worker,
 * which writes it once the tweet's fanout is done (its {@code Journeys}, the key's owner), and
 * timeline-service, which serves it to the web app's Lab page ({@code GET /api/lab/journey/{id}},
 * its {@code TweetJourneys}). Kept in Valkey as the hash {@code journey:{tweetId}} for a short
 * while (the worker's {@code twitter.fanout.journey-ttl}).
 *
 * <p>Times are epoch milliseconds; 0 is "did not happen".
 *
 * @param tier       how the tweet was delivered: {@code normal}, {@code influencer} or {@code celebrity}
 * @param relayedAt  the Kafka record's timestamp: when the outbox relay published the event
 * @param receivedAt when the event reached the worker
 * @param recentAt   when the tweet was in its author's recent list (what a pull reads)
 * @param visibleAt  when the first follower's cached timeline had it (0: none was written)
 * @param doneAt     when every follower's timeline had been written (or, for a celebrity, the recent list)
 * @param followers  followers the fanout went through (0 for a celebrity: they are not read)
 * @param written    followers' timelines the tweet was written into
 * @param skipped    followers' timelines skipped because their owner is away (the influencer tier; they catch up)
 */
public record FanoutJourney(String tier, long relayedAt, long receivedAt, long recentAt, long visibleAt, long doneAt,
        int followers, int written, int skipped) {

    public static String key(long tweetId) {
        return "journey:{" + tweetId + "}";
    }

    /** The hash's fields. */
    public Map<String, String> toHash() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("tier", tier);
        hash.put("relayed", Long.toString(relayedAt));
        hash.put("received", Long.toString(receivedAt));
        hash.put("recent", Long.toString(recentAt));
        hash.put("visible", Long.toString(visibleAt));
        hash.put("done", Long.toString(doneAt));
        hash.put("followers", Integer.toString(followers));
        hash.put("written", Integer.toString(written));
        hash.put("skipped", Integer.toString(skipped));
        return hash;
    }

    /** The journey a hash holds; null when there is none (not fanned out yet, or expired). */
    public static FanoutJourney fromHash(Map<?, ?> hash) {
        if (hash == null || hash.isEmpty() || hash.get("tier") == null) {
            return null;
        }
        return new FanoutJourney(String.valueOf(hash.get("tier")), number(hash, "relayed"), number(hash, "received"),
                number(hash, "recent"), number(hash, "visible"), number(hash, "done"), (int) number(hash, "followers"),
                (int) number(hash, "written"), (int) number(hash, "skipped"));
    }

    private static long number(Map<?, ?> hash, String field) {
        Object value = hash.get(field);
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
