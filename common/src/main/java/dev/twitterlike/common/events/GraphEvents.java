package dev.twitterlike.common.events;

/**
 * Payloads of the events graph-service publishes. Consumers read the fields they need into
 * their own records (tolerant readers); these are the producer's side of the contract.
 */
public final class GraphEvents {

    private GraphEvents() {
    }

    /** {@code follow.new}: {@code followerId} now follows {@code followeeId}. */
    public record UserFollowed(long followerId, long followeeId, boolean followeeCelebrity) {
    }

    /** {@code follow.removed}: {@code followerId} stopped following {@code followeeId}. */
    public record UserUnfollowed(long followerId, long followeeId) {
    }

    /**
     * {@code user.updated}: the profile or the celebrity flag changed. {@code celebrityChanged}
     * is true when this event flips the flag, which fanout and timelines act on.
     */
    public record UserUpdated(long userId, String username, String displayName, String avatarUrl,
            String locationKey, int followerCount, boolean celebrity, boolean celebrityChanged) {
    }

    /**
     * {@code session.ended}: one of the user's sessions ended (signed out, or retired by a new
     * sign-in). Holders of live streams end the user's streams; the streams of the user's other,
     * still valid sessions reconnect through the gateway, which checks the session again.
     */
    public record SessionEnded(long userId) {
    }
}
