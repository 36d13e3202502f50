package dev.twitterlike.fanout.push;

/**
 * The design's three fanout tiers, by follower count (graph-service sets the flags:
 * {@code twitter.graph.influencer-threshold}, {@code celebrity-threshold}; docs/fanout.md).
 */
enum Tier {
    /** Pushed to every follower's cached timeline. */
    NORMAL,
    /** Pushed only to followers who read recently; the others catch up from PostgreSQL when they return. */
    INFLUENCER,
    /** Pushed to no one: followers pull the author's recent list at read time. */
    CELEBRITY;

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
