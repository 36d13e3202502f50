package dev.twitterlike.graph.follow;

import dev.twitterlike.common.db.ReplicaReads;
import dev.twitterlike.graph.user.UserQueries;
import dev.twitterlike.graph.user.UserView;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;

/**
 * Followers and following, newest first, by keyset cursor; and who to follow. The edges come
 * through {@link ReplicaReads} (a little lag is fine for a list); the users shown, with whether the
 * viewer follows each, from the primary, so that the viewer's own last follow shows.
 */
@Component
class FollowQueries {

    private record Edge(long userId, Timestamp at) {
    }

    private final ReplicaReads replica;
    private final UserQueries users;

    FollowQueries(ReplicaReads replica, UserQueries users) {
        this.replica = replica;
        this.users = users;
    }

    Page<UserView> followers(long userId, String cursor, int limit, Long viewerId) {
        return page("follower_id", "following_id", userId, cursor, limit, viewerId);
    }

    Page<UserView> following(long userId, String cursor, int limit, Long viewerId) {
        return page("following_id", "follower_id", userId, cursor, limit, viewerId);
    }

    /**
     * @param listed the column holding the users listed ({@code follower_id} for followers)
     * @param owner  the column holding the user whose list it is
     */
    private Page<UserView> page(String listed, String owner, long userId, String cursor, int limit, Long viewerId) {
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
        String keyset = after == null ? "" : " AND (created_at, " + listed + ") < (:at, :afterId)";
        var query = replica.sql("SELECT " + listed + " AS user_id, created_at FROM graph.follows WHERE " + owner + " = :userId"
                        + keyset + " ORDER BY created_at DESC, " + listed + " DESC LIMIT :limit")
                .param("userId", userId)
                .param("limit", limit + 1);
        if (after != null) {
            query = query.param("at", Timestamp.from(after.at())).param("afterId", after.id());
        }
        List<Edge> edges = query.query((rs, n) -> new Edge(rs.getLong("user_id"), rs.getTimestamp("created_at"))).list();
        boolean more = edges.size() > limit;
        List<Edge> shown = more ? edges.subList(0, limit) : edges;
        String next = more ? new Cursor(shown.get(shown.size() - 1).at().toInstant(), shown.get(shown.size() - 1).userId()).encode() : null;
        return new Page<>(users.byIds(shown.stream().map(Edge::userId).toList(), viewerId), next);
    }

    /**
     * People the viewer does not follow yet: friends of friends first (most shared connections
     * first), then the most followed accounts. Never the viewer.
     */
    List<UserView> suggestions(long viewerId, int limit) {
        List<Long> ids = replica.sql("""
                        WITH mine AS (SELECT following_id FROM graph.follows WHERE follower_id = :viewer),
                        friends_of_friends AS (
                            SELECT f.following_id AS id, count(*) AS shared
                              FROM graph.follows f
                             WHERE f.follower_id IN (SELECT following_id FROM mine)
                               AND f.following_id <> :viewer
                               AND f.following_id NOT IN (SELECT following_id FROM mine)
                             GROUP BY f.following_id
                             ORDER BY shared DESC, f.following_id
                             LIMIT :limit),
                        popular AS (
                            SELECT u.id, 0 AS shared
                              FROM graph.users u
                             WHERE u.id <> :viewer
                               AND u.id NOT IN (SELECT following_id FROM mine)
                               AND u.id NOT IN (SELECT id FROM friends_of_friends)
                             ORDER BY u.follower_count DESC, u.id
                             LIMIT :limit)
                        SELECT id FROM (
                            SELECT id, shared, 0 AS tier FROM friends_of_friends
                            UNION ALL
                            SELECT id, shared, 1 AS tier FROM popular) s
                         ORDER BY tier, shared DESC
                         LIMIT :limit
                        """)
                .param("viewer", viewerId)
                .param("limit", limit)
                .query(Long.class).list();
        return users.byIds(ids, viewerId);
    }
}
