package dev.twitterlike.timeline.hydration;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.timeline.hydration.TweetView.Mention;
import dev.twitterlike.timeline.hydration.TweetView.UserSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns timeline entries into Tweet objects in a fixed number of queries per page, whatever
 * its size: the tweets (deleted ones drop out here), the viewer's likes and retweets among
 * them, and every user the page mentions (authors, mentions, retweeters). Reads tweets.* and
 * graph.users read-only, the read path the design gives the timeline.
 */
@Component
public class Hydrator {

    private final JdbcClient jdbc;

    Hydrator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(long id, long authorId, String content, java.time.Instant createdAt, List<String> hashtags,
            List<Long> mentions, List<String> mediaUrls, Long replyTo, int likeCount, int retweetCount, int replyCount,
            boolean liked, boolean retweeted) {
    }

    /** An entry and the tweet it shows. */
    public record Shown(TimelineEntry entry, TweetView tweet) {
    }

    /** The entries as tweets, in the order given; entries whose tweet is gone are left out. */
    public List<Shown> hydrate(List<TimelineEntry> entries, Long viewerId) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Set<Long> tweetIds = new LinkedHashSet<>();
        entries.forEach(e -> tweetIds.add(e.tweetId()));
        Map<Long, Row> rows = new HashMap<>();
        jdbc.sql("""
                        SELECT t.id, t.author_id, t.content, t.created_at, t.hashtags, t.mentions, t.media_urls, t.reply_to,
                               t.like_count, t.retweet_count, t.reply_count,
                               EXISTS (SELECT 1 FROM tweets.likes l WHERE l.tweet_id = t.id AND l.user_id = :viewer) AS liked,
                               EXISTS (SELECT 1 FROM tweets.retweets r WHERE r.tweet_id = t.id AND r.user_id = :viewer) AS retweeted
                          FROM tweets.tweets t
                         WHERE t.id = ANY(:ids) AND t.deleted_at IS NULL
                        """)
                .param("ids", tweetIds.toArray(Long[]::new))
                .param("viewer", viewerId == null ? -1L : viewerId)
                .query((rs, n) -> row(rs)).list()
                .forEach(r -> rows.put(r.id(), r));

        Set<Long> userIds = new HashSet<>();
        rows.values().forEach(r -> {
            userIds.add(r.authorId());
            userIds.addAll(r.mentions());
        });
        entries.stream().filter(TimelineEntry::isRetweet).forEach(e -> userIds.add(e.sourceId()));
        Map<Long, UserSummary> users = users(userIds);

        List<Shown> views = new ArrayList<>(entries.size());
        for (TimelineEntry entry : entries) {
            Row row = rows.get(entry.tweetId());
            UserSummary author = row == null ? null : users.get(row.authorId());
            if (row == null || author == null) {
                continue;
            }
            TweetView view = new TweetView(Long.toString(row.id()), author, row.content(), row.createdAt(), row.hashtags(),
                    row.mentions().stream().map(users::get).filter(Objects::nonNull)
                            .map(u -> new Mention(u.id(), u.username())).toList(),
                    row.mediaUrls(), row.replyTo() == null ? null : Long.toString(row.replyTo()),
                    row.likeCount(), row.retweetCount(), row.replyCount(),
                    viewerId == null ? null : row.liked(), viewerId == null ? null : row.retweeted(), null);
            if (entry.isRetweet()) {
                UserSummary by = users.get(entry.sourceId());
                if (by == null) {
                    continue;
                }
                view = view.retweetedBy(by);
            }
            views.add(new Shown(entry, view));
        }
        return views;
    }

    private Map<Long, UserSummary> users(Collection<Long> ids) {
        Map<Long, UserSummary> users = new HashMap<>();
        if (ids.isEmpty()) {
            return users;
        }
        jdbc.sql("SELECT id, username, display_name, avatar_url FROM graph.users WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> new UserSummary(Long.toString(rs.getLong("id")), rs.getString("username"),
                        rs.getString("display_name"), rs.getString("avatar_url")))
                .list()
                .forEach(u -> users.put(Long.parseLong(u.id()), u));
        return users;
    }

    private static Row row(ResultSet rs) throws SQLException {
        long replyTo = rs.getLong("reply_to");
        Long reply = rs.wasNull() ? null : replyTo;
        return new Row(rs.getLong("id"), rs.getLong("author_id"), rs.getString("content"),
                rs.getTimestamp("created_at").toInstant(), strings(rs.getArray("hashtags")), longs(rs.getArray("mentions")),
                strings(rs.getArray("media_urls")), reply, rs.getInt("like_count"), rs.getInt("retweet_count"),
                rs.getInt("reply_count"), rs.getBoolean("liked"), rs.getBoolean("retweeted"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : List.of((Long[]) array.getArray());
    }
}
