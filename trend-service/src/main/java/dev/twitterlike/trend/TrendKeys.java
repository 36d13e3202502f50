package dev.twitterlike.trend;

import java.time.Duration;
import java.time.Instant;

/**
 * The Valkey key layout shared by counting and ranking (the Lua scripts build the same names
 * from the same parts; docs/trends.md lists them). A scope is the whole site ({@code null}) or
 * one location key; location keys never contain ':', so the two never collide.
 *
 * <p>Every key begins with the hash tag {@code {trends}}: on a Valkey Cluster they all live in
 * one slot, so that a script can count a tweet into the site's and its location's buckets, and
 * rank a window of 60 buckets, atomically on one node. Scripts are called with
 * {@link #LOCATIONS} as their one declared key, which routes them there (docs/cluster.md, "Trends:
 * one slot"). The cost: one master holds all trend data and takes all its writes.
 *
 * <pre>
 * {trends}:bucket:[loc:]minute          ZSET tag -> distinct authors who used it that minute (ranked, decayed)
 * {trends}:count:[loc:]minute           ZSET tag -> tweets that used it that minute (tweetCount)
 * {trends}:authors:[loc:]minute:tag     HLL  authors of the tag that minute (uniqueAuthors over the window)
 * {trends}:seen:minute:tag:author       SET  the author's tweet ids counted in that bucket (idempotence, one vote per author)
 * {trends}:deleted:tweetId              STRING a deleted tweet: it is never counted again
 * {trends}:locations                    ZSET location -> last minute it had activity (which lists to compute)
 * {trends}:rebuilt                      STRING when the buckets were last rebuilt; missing = Valkey lost them
 * {trends}:result:global | {trends}:result:location:loc   STRING the cached top list as JSON
 * {trends}:tmp:[loc:]score|count|current|previous      ZSETs that live only inside one run of rank.lua
 * </pre>
 */
public final class TrendKeys {

    /** The design's window: 60 one-minute buckets. */
    public static final int WINDOW_MINUTES = 60;
    /** Buckets live 2 hours after their minute: the window plus the previous hour, for velocity. */
    public static final Duration BUCKET_LIFETIME = Duration.ofHours(2);
    /** What every key begins with: the hash tag that keeps them in one cluster slot. */
    public static final String PREFIX = "{trends}:";
    /** Also the one key every script declares (it routes the script to the node of the slot). */
    public static final String LOCATIONS = "{trends}:locations";
    public static final String REBUILT = "{trends}:rebuilt";

    private TrendKeys() {
    }

    public static long minuteOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }

    public static Instant startOf(long minute) {
        return Instant.ofEpochSecond(minute * 60);
    }

    /** When a bucket's keys expire: two hours after the minute ends. */
    public static long expireAtSeconds(long minute) {
        return (minute + 1) * 60 + BUCKET_LIFETIME.toSeconds();
    }

    /** The prefix a scope adds after the key type: empty for the whole site, {@code "<loc>:"} for a location. */
    public static String scope(String location) {
        return location == null ? "" : location + ":";
    }

    public static String bucket(String location, long minute) {
        return PREFIX + "bucket:" + scope(location) + minute;
    }

    /** A deleted tweet's mark: it is never counted again. */
    public static String deleted(long tweetId) {
        return PREFIX + "deleted:" + tweetId;
    }

    /** The HyperLogLog of a tag's authors in a scope's minute. */
    public static String authors(String location, long minute, String tag) {
        return PREFIX + "authors:" + scope(location) + minute + ":" + tag;
    }

    public static String result(String location) {
        return location == null ? PREFIX + "result:global" : PREFIX + "result:location:" + location;
    }
}
