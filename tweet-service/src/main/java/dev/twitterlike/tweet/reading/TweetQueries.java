package dev.twitterlike.tweet.reading;

import dev.twitterlike.tweet.users.UserDirectory;
import dev.twitterlike.tweet.users.UserDirectory.UserSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads tweets as the API shows them: the tweet, its author and mentions hydrated from
 * {@link UserDirectory}, its counts, and {@code liked}/{@code retweeted} for a signed-in viewer.
 * A soft-deleted tweet is invisible to every read. Lists are newest first by Snowflake id with a
 * keyset cursor, one query for the page's ids (served by an index) and one to hydrate them.
 */
@Component
public class TweetQueries {

    /** Replies of a tweet, newest first: the partial index {@code tweets_replies (reply_to, id DESC)}. */
    static final String REPLIES = """
            SELECT id FROM tweets.tweets
             WHERE reply_to = :key AND deleted_at IS NULL AND id < :before
             ORDER BY id DESC LIMIT :limit""";

    /**
     * Tweets carrying a hashtag, newest first: containment ({@code @>}) is what the GIN index on
     * {@code hashtags} serves; {@code :tag = ANY(hashtags)} would read the whole table.
     */
    static final String BY_HASHTAG = """
            SELECT id FROM tweets.tweets
             WHERE hashtags @> ARRAY[CAST(:key AS text)] AND deleted_at IS NULL AND id < :before
             ORDER BY id DESC LIMIT :limit""";

    private static final String COLUMNS = "t.id, t.author_id, t.content, t.created_at, t.hashtags, t.mentions, "
            + "t.media_urls, t.reply_to, t.like_count, t.retweet_count, t.reply_count";

    private record Row(long id, long authorId, String content, Instant createdAt, List<String> hashtags,
            List<Long> mentions, List<String> mediaUrls, Long replyTo, int likeCount, int retweetCount,
            int replyCount, Boolean liked, Boolean retweeted) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;

    TweetQueries(JdbcClient jdbc, UserDirectory users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    public Optional<TweetView> byId(long id, Long viewerId) {
        return byIds(List.of(id), viewerId).stream().findFirst();
    }

    /** The visible tweets with these ids, in the order of the ids given; deleted or missing ones are skipped. */
    public List<TweetView> byIds(Collection<Long> ids, Long viewerId) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Row> rows = jdbc.sql("SELECT " + COLUMNS + ", " + viewerFlags(viewerId)
                        + " FROM tweets.tweets t WHERE t.id IN (:ids) AND t.deleted_at IS NULL")
                .param("ids", ids)
                .param("viewer", viewerId == null ? -1L : viewerId)
                .query((rs, n) -> row(rs, viewerId != null))
                .list().stream()
                .collect(Collectors.toMap(Row::id, Function.identity()));
        Set<Long> people = new LinkedHashSet<>();
        rows.values().forEach(r -> {
            people.add(r.authorId());
            people.addAll(r.mentions());
        });
        Map<Long, UserSummary> known = users.byIds(people);
        return ids.stream().map(rows::get).filter(Objects::nonNull).map(r -> view(r, known)).toList();
    }

    public boolean isVisible(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tweets.tweets WHERE id = ? AND deleted_at IS NULL)")
                .param(id).query(Boolean.class).single();
    }

    Page<TweetView> replies(long parentId, TweetCursor after, int limit, Long viewerId) {
        return page(REPLIES, parentId, after, limit, viewerId);
    }

    /** @param tag the stored form of the hashtag (see {@code TweetText.normaliseHashtag}) */
    Page<TweetView> byHashtag(String tag, TweetCursor after, int limit, Long viewerId) {
        return page(BY_HASHTAG, tag, after, limit, viewerId);
    }

    private Page<TweetView> page(String sql, Object key, TweetCursor after, int limit, Long viewerId) {
        List<Long> ids = jdbc.sql(sql)
                .param("key", key)
                .param("before", after == null ? Long.MAX_VALUE : after.beforeId())
                .param("limit", limit + 1)
                .query(Long.class).list();
        boolean more = ids.size() > limit;
        List<Long> shown = more ? ids.subList(0, limit) : ids;
        String next = more ? new TweetCursor(shown.get(shown.size() - 1)).encode() : null;
        return new Page<>(byIds(shown, viewerId), next);
    }

    private static String viewerFlags(Long viewerId) {
        return viewerId == null ? "NULL AS liked, NULL AS retweeted"
                : "EXISTS (SELECT 1 FROM tweets.likes l WHERE l.user_id = :viewer AND l.tweet_id = t.id) AS liked, "
                + "EXISTS (SELECT 1 FROM tweets.retweets r WHERE r.user_id = :viewer AND r.tweet_id = t.id) AS retweeted";
    }

    private static Row row(ResultSet rs, boolean withViewer) throws SQLException {
        return new Row(rs.getLong("id"), rs.getLong("author_id"), rs.getString("content"),
                rs.getTimestamp("created_at").toInstant(), strings(rs.getArray("hashtags")),
                longs(rs.getArray("mentions")), strings(rs.getArray("media_urls")),
                rs.getObject("reply_to", Long.class), rs.getInt("like_count"), rs.getInt("retweet_count"),
                rs.getInt("reply_count"),
                withViewer ? rs.getBoolean("liked") : null, withViewer ? rs.getBoolean("retweeted") : null);
    }

    private static TweetView view(Row r, Map<Long, UserSummary> users) {
        UserSummary author = users.get(r.authorId());
        List<TweetView.Mention> mentions = new ArrayList<>();
        for (long id : r.mentions()) {
            UserSummary user = users.get(id);
            if (user != null) {
                mentions.add(new TweetView.Mention(Long.toString(id), user.username()));
            }
        }
        return new TweetView(Long.toString(r.id()),
                author == null ? new TweetView.Author(Long.toString(r.authorId()), null, null, null)
                        : new TweetView.Author(Long.toString(author.id()), author.username(), author.displayName(), author.avatarUrl()),
                r.content(), r.createdAt(), r.hashtags(), List.copyOf(mentions), r.mediaUrls(),
                r.replyTo() == null ? null : Long.toString(r.replyTo()),
                r.likeCount(), r.retweetCount(), r.replyCount(), r.liked(), r.retweeted());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }
}
