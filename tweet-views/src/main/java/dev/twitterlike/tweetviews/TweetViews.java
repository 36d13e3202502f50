package dev.twitterlike.tweetviews;

import dev.twitterlike.tweetviews.TweetView.Mention;
import dev.twitterlike.tweetviews.TweetView.UserSummary;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Hydrates tweets for a viewer in two queries whatever the page size: the tweets (deleted ones
 * drop out) with their counts and the viewer's likes and retweets among them, then every user
 * the page shows (authors, mentioned users, and whoever else the caller names: retweeters,
 * notification actors). Ids go in as one array parameter, so one prepared statement serves
 * every page.
 *
 * <p>This is tweet-service's published read model: tweet-service serves its own reads through
 * it, and timeline-service and notification-service hydrate their pages with it. It reads only
 * the views the owners publish ({@code tweets.visible_tweets}, {@code tweets.like_edges},
 * {@code tweets.retweet_edges}, {@code graph.user_summaries}), never their tables.
 */
public class TweetViews {

    /** The tweets found (by id) and every user they or the caller's extra ids name (by id). */
    public record Page(Map<Long, TweetView> tweets, Map<Long, UserSummary> users) {
    }

    private record Row(long id, long authorId, String content, Instant createdAt, List<String> hashtags,
            List<Long> mentions, List<String> mediaUrls, Long replyTo, int likeCount, int retweetCount, int replyCount,
            boolean liked, boolean retweeted) {
    }

    private final JdbcClient jdbc;

    public TweetViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param tweetIds    the tweets to show; deleted or unknown ones are missing from the result
     * @param otherUsers  users the caller shows beside the tweets (retweeters, actors)
     * @param viewerId    whose likes and retweets fill {@code liked}/{@code retweeted}; null leaves them out
     */
    public Page hydrate(Collection<Long> tweetIds, Collection<Long> otherUsers, Long viewerId) {
        Map<Long, Row> rows = new HashMap<>();
        if (!tweetIds.isEmpty()) {
            jdbc.sql("""
                            SELECT t.id, t.author_id, t.content, t.created_at, t.hashtags, t.mentions, t.media_urls, t.reply_to,
                                   t.like_count, t.retweet_count, t.reply_count,
                                   EXISTS (SELECT 1 FROM tweets.like_edges l WHERE l.tweet_id = t.id AND l.user_id = :viewer) AS liked,
                                   EXISTS (SELECT 1 FROM tweets.retweet_edges r WHERE r.tweet_id = t.id AND r.user_id = :viewer) AS retweeted
                              FROM tweets.visible_tweets t
                             WHERE t.id = ANY(:ids)
                            """)
                    .param("ids", tweetIds.toArray(Long[]::new))
                    .param("viewer", viewerId == null ? -1L : viewerId)
                    .query((rs, n) -> row(rs)).list()
                    .forEach(r -> rows.put(r.id(), r));
        }
        Set<Long> userIds = new HashSet<>(otherUsers);
        rows.values().forEach(r -> {
            userIds.add(r.authorId());
            userIds.addAll(r.mentions());
        });
        Map<Long, UserSummary> users = users(userIds);

        Map<Long, TweetView> tweets = new HashMap<>();
        rows.values().forEach(row -> {
            UserSummary author = users.get(row.authorId());
            if (author != null) {
                tweets.put(row.id(), new TweetView(Long.toString(row.id()), author, row.content(), row.createdAt(),
                        row.hashtags(), row.mentions().stream().map(users::get).filter(Objects::nonNull)
                                .map(u -> new Mention(u.id(), u.username())).toList(),
                        row.mediaUrls(), row.replyTo() == null ? null : Long.toString(row.replyTo()),
                        row.likeCount(), row.retweetCount(), row.replyCount(),
                        viewerId == null ? null : row.liked(), viewerId == null ? null : row.retweeted(), null));
            }
        });
        return new Page(tweets, users);
    }

    /** The visible tweets with these ids in the order given (deleted or unknown ones skipped), with the viewer's flags. */
    public List<TweetView> inOrder(List<Long> tweetIds, Long viewerId) {
        Map<Long, TweetView> found = hydrate(tweetIds, List.of(), viewerId).tweets();
        return tweetIds.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    private Map<Long, UserSummary> users(Collection<Long> ids) {
        Map<Long, UserSummary> users = new HashMap<>();
        if (ids.isEmpty()) {
            return users;
        }
        jdbc.sql("SELECT id, username, display_name, avatar_url FROM graph.user_summaries WHERE id = ANY(:ids)")
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
