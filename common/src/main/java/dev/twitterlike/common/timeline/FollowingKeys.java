package dev.twitterlike.common.timeline;

import java.time.Duration;
import java.util.UUID;

/**
 * Whom a user follows, as timeline-service caches it in Valkey for the home timeline's read
 * filter: {@code following:<userId>} holds {@code <stamp>|<id>,<id>,...}, and is valid only while
 * {@code following:stamp:<userId>} still holds the same stamp ({@code -} when there is none).
 *
 * <p>Whoever changes whom a user follows writes a new stamp: graph-service right after the
 * follow or unfollow commits (so an unfollowed author disappears from the next read), and
 * fanout-worker again when the event reaches it (so a stamp lost while Valkey was away is still
 * renewed). A reader reads the stamp before PostgreSQL and caches what it read under that
 * stamp: a copy made from a read older than a change carries the old stamp and is ignored.
 * The stamp outlives every copy made under it (it is kept twice as long), so an expired stamp
 * cannot make an old copy look current.
 */
public final class FollowingKeys {

    public static final String PREFIX = "following:";
    public static final String NO_STAMP = "-";
    public static final Duration CACHE_TTL = Duration.ofDays(1);
    public static final Duration STAMP_TTL = CACHE_TTL.multipliedBy(2);

    private FollowingKeys() {
    }

    public static String key(long userId) {
        return PREFIX + userId;
    }

    public static String stampKey(long userId) {
        return PREFIX + "stamp:" + userId;
    }

    /** A stamp no earlier change can have written. */
    public static String newStamp() {
        return UUID.randomUUID().toString();
    }
}
