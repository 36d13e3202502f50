package dev.twitterlike.common.timeline;

/**
 * One entry of a cached home timeline, the contract between fanout-worker (writes) and
 * timeline-service (reads). A home timeline in Valkey ({@link TimelineStore}) holds them newest first,
 * encoded as {@code <sortId>:<sourceId>} for a tweet (sortId = the tweet id, source = its
 * author) and {@code <sortId>:<sourceId>:<tweetId>} for a retweet (sortId = the retweet's own
 * id, source = who retweeted, tweetId = the original). Sorting by sortId is sorting by time
 * (Snowflake ids); the source is what an unfollow removes; the tweet id is what a delete removes.
 * The Lua scripts that change these lists live beside this class (timeline-*.lua), run by {@link TimelineStore}.
 *
 * <p>{@link #SENTINEL} ({@code 0:0}) marks a timeline as cached even when it is empty; it sorts
 * last and readers skip it.
 */
public record TimelineEntry(long sortId, long sourceId, long tweetId) {

    public static final String SENTINEL = "0:0";

    public static TimelineEntry tweet(long tweetId, long authorId) {
        return new TimelineEntry(tweetId, authorId, tweetId);
    }

    public static TimelineEntry retweet(long retweetId, long retweeterId, long tweetId) {
        return new TimelineEntry(retweetId, retweeterId, tweetId);
    }

    public boolean isRetweet() {
        return sortId != tweetId;
    }

    public String encode() {
        return isRetweet() ? sortId + ":" + sourceId + ":" + tweetId : sortId + ":" + sourceId;
    }

    /** Decodes an entry; a bare id (no source) is read as a tweet of unknown author (source 0). */
    public static TimelineEntry decode(String value) {
        String[] parts = value.split(":");
        long sortId = Long.parseLong(parts[0]);
        long source = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        long tweetId = parts.length > 2 ? Long.parseLong(parts[2]) : sortId;
        return new TimelineEntry(sortId, source, tweetId);
    }
}
