package dev.twitterlike.graph.follow;

import dev.twitterlike.common.events.GraphEvents.UserFollowed;
import dev.twitterlike.common.events.GraphEvents.UserUnfollowed;
import dev.twitterlike.common.events.GraphEvents.UserUpdated;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.outbox.OutboxWriter;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.graph.GraphProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.HashMap;
import java.util.Map;

/**
 * Follow and unfollow, idempotently, with exact counts under concurrency: the follow row's
 * primary key decides whether anything changed ({@code ON CONFLICT DO NOTHING} / {@code DELETE
 * ... RETURNING}), and counts move by atomic increments in the same transaction, the two user
 * rows locked first, in id order, so that concurrent and crossing follows cannot deadlock. The celebrity flag
 * moves with hysteresis, and every change is written to the outbox in the same transaction; once it
 * commits, the follower's following stamp is renewed (timeline-service's cached copy is read again).
 */
@Service
public class Follows {

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final GraphProperties properties;
    private final FollowingStamps stamps;

    Follows(JdbcClient jdbc, OutboxWriter outbox, GraphProperties properties, FollowingStamps stamps) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
        this.stamps = stamps;
    }

    private record Counted(String username, String displayName, String avatarUrl, String locationKey,
            int followerCount, boolean celebrity, boolean wasCelebrity) {
    }

    @Transactional
    public void follow(long followerId, long followeeId) {
        boolean wasCelebrity = lockBoth(followerId, followeeId);
        int inserted = jdbc.sql("INSERT INTO graph.follows (follower_id, following_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(followerId, followeeId).update();
        if (inserted == 0) {
            return; // already following: nothing changes, nothing is emitted
        }
        Counted followee = adjustCounts(followerId, followeeId, +1, wasCelebrity);
        outbox.append(Topics.FOLLOW_NEW, followerId, new UserFollowed(followerId, followeeId, followee.celebrity()));
        stamps.renewAfterCommit(followerId);
        emitIfCelebrityChanged(followeeId, followee);
    }

    @Transactional
    public void unfollow(long followerId, long followeeId) {
        boolean wasCelebrity = lockBoth(followerId, followeeId);
        int deleted = jdbc.sql("DELETE FROM graph.follows WHERE follower_id = ? AND following_id = ?")
                .params(followerId, followeeId).update();
        if (deleted == 0) {
            return;
        }
        Counted followee = adjustCounts(followerId, followeeId, -1, wasCelebrity);
        outbox.append(Topics.FOLLOW_REMOVED, followerId, new UserUnfollowed(followerId, followeeId));
        stamps.renewAfterCommit(followerId);
        emitIfCelebrityChanged(followeeId, followee);
    }

    /**
     * Locks both user rows, lower id first, before the follow row is touched, and returns the
     * followee's celebrity flag as it is now. {@code FOR NO KEY UPDATE} is the lock the count
     * updates need anyway; taking it first (rather than after the insert, whose foreign keys
     * take {@code FOR KEY SHARE} on both rows) keeps concurrent follows of one user, and
     * crossing follows, from deadlocking: they simply queue on the lower id.
     */
    private boolean lockBoth(long followerId, long followeeId) {
        if (followerId == followeeId) {
            throw Problems.badRequest("You cannot follow yourself");
        }
        Map<Long, Boolean> celebrity = new HashMap<>();
        jdbc.sql("SELECT id, is_celebrity FROM graph.users WHERE id IN (:a, :b) ORDER BY id FOR NO KEY UPDATE")
                .param("a", followerId).param("b", followeeId)
                .query(rs -> {
                    celebrity.put(rs.getLong("id"), rs.getBoolean("is_celebrity"));
                });
        if (!celebrity.containsKey(followeeId)) {
            throw Problems.notFound("user", followeeId);
        }
        if (!celebrity.containsKey(followerId)) {
            throw Problems.unauthorized();
        }
        return celebrity.get(followeeId);
    }

    /** Moves both counts by delta (rows already locked); returns the followee after the change. */
    private Counted adjustCounts(long followerId, long followeeId, int delta, boolean wasCelebrity) {
        jdbc.sql("UPDATE graph.users SET following_count = following_count + ? WHERE id = ?").params(delta, followerId).update();
        return jdbc.sql("""
                        UPDATE graph.users
                           SET follower_count = follower_count + :delta,
                               demoted_at = CASE WHEN is_celebrity AND follower_count + :delta < :demoteBelow
                                                 THEN now() ELSE demoted_at END,
                               is_celebrity = CASE
                                   WHEN follower_count + :delta >= :promoteAt THEN TRUE
                                   WHEN follower_count + :delta < :demoteBelow THEN FALSE
                                   ELSE is_celebrity END,
                               is_influencer = follower_count + :delta >= :influencerAt
                         WHERE id = :id
                     RETURNING username, display_name, avatar_url, location_key, follower_count, is_celebrity
                        """)
                .param("delta", delta)
                .param("promoteAt", properties.celebrityThreshold())
                .param("demoteBelow", properties.celebrityDemotionBelow())
                .param("influencerAt", properties.influencerThreshold())
                .param("id", followeeId)
                .query((rs, n) -> new Counted(rs.getString("username"), rs.getString("display_name"),
                        rs.getString("avatar_url"), rs.getString("location_key"), rs.getInt("follower_count"),
                        rs.getBoolean("is_celebrity"), wasCelebrity))
                .single();
    }

    private void emitIfCelebrityChanged(long userId, Counted user) {
        if (user.celebrity() != user.wasCelebrity()) {
            outbox.append(Topics.USER_UPDATED, userId, new UserUpdated(userId, user.username(), user.displayName(),
                    user.avatarUrl(), user.locationKey(), user.followerCount(), user.celebrity(), true));
        }
    }
}
