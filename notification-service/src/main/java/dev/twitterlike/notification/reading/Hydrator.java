package dev.twitterlike.notification.reading;

import dev.twitterlike.notification.reading.TweetView.Mention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * Turns a page of items into Notification objects in three queries whatever its size: the
 * tweets (deleted ones become null), the recipient's likes and retweets among them, and every
 * user the page shows (actors, authors, mentions). Reads tweets.* and graph.users read-only, as
 * the timeline does.
 */
@Component
class Hydrator {

    /** Actors shown on a grouped item ("Alice, Bob and Carol"); the count says how many in all. */
    static final int ACTORS_SHOWN = 3;

    private final JdbcClient jdbc;

    Hydrator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record TweetRow(long id, long authorId, String content, Instant createdAt, List<String> hashtags,
            List<Long> mentions, List<String> mediaUrls, Long replyTo, int likeCount, int retweetCount, int replyCount,
            boolean liked, boolean retweeted) {
    }

    /**
     * @param items   each item's members, newest first
     * @param viewer  the recipient
     * @param grouped whether likes and retweets get the group fields (even a group of one, so
     *                clients read every like the same way)
     */
    List<NotificationView> hydrate(List<List<NotificationRow>> items, long viewer, boolean grouped) {
        if (items.isEmpty()) {
            return List.of();
        }
        Set<Long> tweetIds = new HashSet<>();
        Set<Long> userIds = new HashSet<>();
        for (List<NotificationRow> members : items) {
            NotificationRow newest = members.get(0);
            if (newest.tweetId() != null) {
                tweetIds.add(newest.tweetId());
            }
            userIds.addAll(actorsOf(members));
        }
        Map<Long, TweetRow> tweets = tweets(tweetIds, viewer);
        tweets.values().forEach(t -> {
            userIds.add(t.authorId());
            userIds.addAll(t.mentions());
        });
        Map<Long, UserSummary> users = users(userIds);

        List<NotificationView> views = new ArrayList<>(items.size());
        for (List<NotificationRow> members : items) {
            NotificationRow newest = members.get(0);
            UserSummary actor = users.get(newest.actorId());
            if (actor == null) {
                // the account is gone: nothing meaningful to show
                continue;
            }
            TweetView tweet = newest.tweetId() == null ? null : view(tweets.get(newest.tweetId()), users);
            boolean read = members.stream().allMatch(NotificationRow::read);
            if (grouped && newest.groupable()) {
                List<Long> actorIds = actorsOf(members);
                List<UserSummary> shown = actorIds.stream().map(users::get).filter(Objects::nonNull).limit(ACTORS_SHOWN).toList();
                views.add(new NotificationView(Long.toString(newest.id()), newest.type(), actor, tweet, newest.createdAt(),
                        read, shown, actorIds.size(), members.stream().map(m -> Long.toString(m.id())).toList()));
            } else {
                views.add(new NotificationView(Long.toString(newest.id()), newest.type(), actor, tweet, newest.createdAt(),
                        read, null, null, null));
            }
        }
        return views;
    }

    /** Distinct actors, newest first (a like taken back and given again is one person). */
    private static List<Long> actorsOf(List<NotificationRow> members) {
        Set<Long> actors = new LinkedHashSet<>();
        members.forEach(m -> actors.add(m.actorId()));
        return List.copyOf(actors);
    }

    private static TweetView view(TweetRow row, Map<Long, UserSummary> users) {
        UserSummary author = row == null ? null : users.get(row.authorId());
        if (author == null) {
            return null;
        }
        return new TweetView(Long.toString(row.id()), author, row.content(), row.createdAt(), row.hashtags(),
                row.mentions().stream().map(users::get).filter(Objects::nonNull)
                        .map(u -> new Mention(u.id(), u.username())).toList(),
                row.mediaUrls(), row.replyTo() == null ? null : Long.toString(row.replyTo()),
                row.likeCount(), row.retweetCount(), row.replyCount(), row.liked(), row.retweeted());
    }

    private Map<Long, TweetRow> tweets(Collection<Long> ids, long viewer) {
        Map<Long, TweetRow> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        jdbc.sql("""
                        SELECT t.id, t.author_id, t.content, t.created_at, t.hashtags, t.mentions, t.media_urls, t.reply_to,
                               t.like_count, t.retweet_count, t.reply_count,
                               EXISTS (SELECT 1 FROM tweets.likes l WHERE l.tweet_id = t.id AND l.user_id = :viewer) AS liked,
                               EXISTS (SELECT 1 FROM tweets.retweets r WHERE r.tweet_id = t.id AND r.user_id = :viewer) AS retweeted
                          FROM tweets.tweets t
                         WHERE t.id = ANY(:ids) AND t.deleted_at IS NULL
                        """)
                .param("ids", ids.toArray(Long[]::new)).param("viewer", viewer)
                .query((rs, n) -> tweetRow(rs)).list()
                .forEach(r -> rows.put(r.id(), r));
        return rows;
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

    private static TweetRow tweetRow(ResultSet rs) throws SQLException {
        long replyTo = rs.getLong("reply_to");
        Long reply = rs.wasNull() ? null : replyTo;
        return new TweetRow(rs.getLong("id"), rs.getLong("author_id"), rs.getString("content"),
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
