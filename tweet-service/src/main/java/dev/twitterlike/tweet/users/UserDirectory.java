package dev.twitterlike.tweet.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place tweet-service reads {@code graph.users}, read-only: graph-service owns users,
 * and this is an allowed cross-schema read path (as timeline-service reads {@code tweets.tweets}).
 * A tweet's author and mentions are hydrated from it at read time, so a renamed user shows
 * under the new name everywhere at once; mentions are resolved to ids from it when posting.
 * Nothing here writes to the graph schema, and nothing else in this service names it.
 */
@Component
public class UserDirectory {

    /** What a tweet shows of a user: its author or one it mentions. */
    public record UserSummary(long id, String username, String displayName, String avatarUrl) {
    }

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM graph.users WHERE id = ?)").param(id).query(Boolean.class).single();
    }

    /** The users with these ids; missing ids are absent from the map. */
    public Map<Long, UserSummary> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT id, username, display_name, avatar_url FROM graph.users WHERE id IN (:ids)")
                .param("ids", ids)
                .query((rs, n) -> new UserSummary(rs.getLong("id"), rs.getString("username"),
                        rs.getString("display_name"), rs.getString("avatar_url")))
                .list().stream()
                .collect(Collectors.toMap(UserSummary::id, Function.identity()));
    }

    /**
     * The ids of the users with these usernames, compared without regard to case (through
     * graph's {@code lower(username)} index), in the order the names were given; unknown names
     * are skipped.
     */
    public List<Long> idsOfUsernames(List<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        Map<String, Long> found = jdbc.sql("SELECT lower(username) AS name, id FROM graph.users WHERE lower(username) IN (:names)")
                .param("names", usernames.stream().map(u -> u.toLowerCase(Locale.ROOT)).toList())
                .query((rs, n) -> Map.entry(rs.getString("name"), rs.getLong("id")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return usernames.stream().map(u -> found.get(u.toLowerCase(Locale.ROOT)))
                .filter(java.util.Objects::nonNull).distinct().toList();
    }
}
