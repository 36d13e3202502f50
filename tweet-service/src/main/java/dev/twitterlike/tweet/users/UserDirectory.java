package dev.twitterlike.tweet.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place tweet-service reads graph-service's data: the published view
 * {@code graph.user_summaries}, read-only (docs/data-ownership.md). Posting checks the author
 * exists and resolves mentions to ids from it. (Authors and mentions are hydrated at read time
 * by tweet-views, from the same view.) Nothing else in this service names the graph schema:
 * the media cleanup asks {@link #isAvatar} for its condition.
 */
@Component
public class UserDirectory {

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An SQL condition: the URL the expression gives is somebody's profile picture. */
    public static String isAvatar(String urlExpression) {
        return "EXISTS (SELECT FROM graph.user_summaries u WHERE u.avatar_url = " + urlExpression + ")";
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM graph.user_summaries WHERE id = ?)").param(id).query(Boolean.class).single();
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
        Map<String, Long> found = jdbc.sql("SELECT lower(username) AS name, id FROM graph.user_summaries WHERE lower(username) IN (:names)")
                .param("names", usernames.stream().map(u -> u.toLowerCase(Locale.ROOT)).toList())
                .query((rs, n) -> Map.entry(rs.getString("name"), rs.getLong("id")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return usernames.stream().map(u -> found.get(u.toLowerCase(Locale.ROOT)))
                .filter(java.util.Objects::nonNull).distinct().toList();
    }
}
