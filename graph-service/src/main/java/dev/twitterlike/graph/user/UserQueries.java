package dev.twitterlike.graph.user;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads users as the API shows them, with {@code followedByMe} for the viewer, in one query.
 * Used by every feature that returns users (profiles, follow lists, suggestions).
 */
@Component
public class UserQueries {

    static final String COLUMNS = "u.id, u.username, u.display_name, u.bio, u.location, u.avatar_url, "
            + "u.follower_count, u.following_count, u.tweet_count, u.is_celebrity, u.is_influencer, u.created_at";

    private final JdbcClient jdbc;

    UserQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserView> byId(long id, Long viewerId) {
        return byIds(List.of(id), viewerId).stream().findFirst();
    }

    public Optional<UserView> byUsername(String username, Long viewerId) {
        return jdbc.sql("SELECT " + COLUMNS + ", " + followedByMe(viewerId) + " FROM graph.users u WHERE lower(u.username) = lower(:username)")
                .param("username", username)
                .param("viewer", viewerId == null ? -1L : viewerId)
                .query(mapper(viewerId)).optional();
    }

    /** The users with these ids, in the order of the ids given; missing ids are skipped. */
    public List<UserView> byIds(Collection<Long> ids, Long viewerId) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, UserView> found = jdbc.sql("SELECT " + COLUMNS + ", " + followedByMe(viewerId) + " FROM graph.users u WHERE u.id IN (:ids)")
                .param("ids", ids)
                .param("viewer", viewerId == null ? -1L : viewerId)
                .query(mapper(viewerId)).list().stream()
                .collect(Collectors.toMap(UserView::id, Function.identity()));
        return ids.stream().map(id -> found.get(Long.toString(id))).filter(java.util.Objects::nonNull).toList();
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM graph.users WHERE id = ?)").param(id).query(Boolean.class).single();
    }

    private static String followedByMe(Long viewerId) {
        return viewerId == null ? "NULL AS followed_by_me"
                : "EXISTS (SELECT 1 FROM graph.follows f WHERE f.follower_id = :viewer AND f.following_id = u.id) AS followed_by_me";
    }

    static RowMapper<UserView> mapper(Long viewerId) {
        return (rs, n) -> new UserView(
                Long.toString(rs.getLong("id")), rs.getString("username"), rs.getString("display_name"),
                rs.getString("bio"), rs.getString("location"), rs.getString("avatar_url"),
                rs.getInt("follower_count"), rs.getInt("following_count"), rs.getInt("tweet_count"),
                rs.getBoolean("is_celebrity"),
                rs.getBoolean("is_celebrity") ? "celebrity" : rs.getBoolean("is_influencer") ? "influencer" : "normal",
                rs.getTimestamp("created_at").toInstant(),
                viewerId == null ? null : rs.getBoolean("followed_by_me"));
    }
}
