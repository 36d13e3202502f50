package dev.twitterlike.trend.counting;

import dev.twitterlike.common.db.ReplicaReads;
import dev.twitterlike.common.ids.Snowflake;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL side of counting (schema trends): 90 days of hashtag activity, the source the
 * buckets are rebuilt from; the events already applied; and deleted tweets, so that a
 * {@code tweet.created} arriving after its {@code tweet.deleted} (they travel on different
 * topics) is not counted. Both events of a tweet take the same transaction-scoped advisory
 * lock, so they apply one after the other whatever their order.
 */
@Component
class HashtagActivity {

    /** The first key of the two-key advisory locks (a key space of its own, apart from the outbox's one-key locks). */
    private static final int LOCK_SPACE = 0x7472656e; // "tren"

    private final JdbcClient jdbc;
    /** The rebuild's reads ({@link #since}, {@link #deletedSince}): the replica when there is one within its bound. */
    private final ReplicaReads replica;
    private final AuthorLocations locations;

    HashtagActivity(JdbcClient jdbc, ReplicaReads replica, AuthorLocations locations) {
        this.jdbc = jdbc;
        this.replica = replica;
        this.locations = locations;
    }

    /** What a created event did: whether it was new, and what the buckets must hold for the tweet (null: nothing). */
    record Created(boolean fresh, TweetHashtags counted) {
    }

    /**
     * Records a created tweet's hashtags, once per event. Whether fresh or redelivered, returns
     * the tweet's activity as stored, so the caller can (re)apply it to the buckets: the Valkey
     * step after the commit may have failed the first time, and it is idempotent.
     */
    @Transactional
    Created created(UUID eventId, long tweetId, long authorId, Instant occurredAt, List<String> hashtags) {
        lock(tweetId);
        boolean fresh = markProcessed(eventId);
        boolean deleted = jdbc.sql("SELECT EXISTS (SELECT 1 FROM trends.deleted_tweets WHERE tweet_id = ?)").param(tweetId)
                .query(Boolean.class).single();
        if (fresh && !deleted && !hashtags.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO trends.hashtag_activity (hashtag, tweet_id, author_id, location_key, occurred_at)
                            SELECT tag, ?::bigint, ?::bigint, ?::varchar, ?::timestamptz FROM unnest(?::varchar[]) AS tag
                            ON CONFLICT DO NOTHING
                            """)
                    .params(tweetId, authorId, locations.of(authorId), Timestamp.from(occurredAt), hashtags.toArray(String[]::new))
                    .update();
        }
        List<TweetHashtags> stored = group(jdbc.sql("""
                        SELECT tweet_id, hashtag, author_id, location_key, occurred_at
                          FROM trends.hashtag_activity WHERE tweet_id = ? ORDER BY hashtag
                        """).param(tweetId).query(HashtagActivity::row).list());
        return new Created(fresh, stored.isEmpty() ? null : stored.get(0));
    }

    /** What a deleted event did: whether it was new, and what the buckets must no longer hold. */
    record Deleted(boolean fresh, TweetHashtags uncounted) {
    }

    /**
     * Removes a deleted tweet's activity and keeps a tombstone of what it was, so a redelivery
     * (after a failed Valkey step) can take it out of the buckets again, idempotently.
     */
    @Transactional
    Deleted deleted(UUID eventId, long tweetId, long authorId) {
        lock(tweetId);
        boolean fresh = markProcessed(eventId);
        List<TweetHashtags> tombstone = jdbc.sql("""
                        SELECT tweet_id, author_id, location_key, occurred_at, hashtags FROM trends.deleted_tweets WHERE tweet_id = ?
                        """).param(tweetId).query(HashtagActivity::tombstone).list();
        if (!tombstone.isEmpty()) {
            return new Deleted(fresh, tombstone.get(0));
        }
        List<TweetHashtags> removed = group(jdbc.sql("""
                        DELETE FROM trends.hashtag_activity WHERE tweet_id = ?
                        RETURNING tweet_id, hashtag, author_id, location_key, occurred_at
                        """).param(tweetId).query(HashtagActivity::row).list());
        // not counted (yet): the tombstone still stops a late tweet.created
        TweetHashtags gone = removed.isEmpty()
                ? new TweetHashtags(tweetId, authorId, null, Snowflake.instantOf(tweetId), List.of())
                : removed.get(0);
        jdbc.sql("""
                        INSERT INTO trends.deleted_tweets (tweet_id, author_id, location_key, occurred_at, hashtags)
                        VALUES (?, ?, ?, ?, ?::varchar[])
                        """)
                .params(tweetId, gone.authorId(), gone.locationKey(), Timestamp.from(gone.occurredAt()),
                        gone.hashtags().toArray(String[]::new))
                .update();
        return new Deleted(fresh, gone);
    }

    /**
     * The authors who still used these tags in one minute, per tag and per (location, tag):
     * what the authors' HyperLogLogs of that minute must hold after a deletion.
     */
    Map<String, List<Long>> authorsByScope(List<String> hashtags, long minute) {
        Instant from = Instant.ofEpochSecond(minute * 60);
        Map<String, List<Long>> authors = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT hashtag, location_key, author_id FROM trends.hashtag_activity
                         WHERE occurred_at >= ? AND occurred_at < ? AND hashtag = ANY (?::varchar[])
                        """)
                .params(Timestamp.from(from), Timestamp.from(from.plusSeconds(60)), hashtags.toArray(String[]::new))
                .query(rs -> {
                    String tag = rs.getString("hashtag");
                    String location = rs.getString("location_key");
                    long author = rs.getLong("author_id");
                    authors.computeIfAbsent(scopeKey(null, tag), k -> new ArrayList<>()).add(author);
                    if (location != null) {
                        authors.computeIfAbsent(scopeKey(location, tag), k -> new ArrayList<>()).add(author);
                    }
                });
        return authors;
    }

    static String scopeKey(String location, String tag) {
        return (location == null ? "" : location) + "\n" + tag;
    }

    /** Activity since the given instant, a page of whole tweets at a time (keyset on tweet_id). */
    List<TweetHashtags> since(Instant from, long afterTweetId, int tweets) {
        return group(replica.sql("""
                        WITH page AS (
                            SELECT DISTINCT tweet_id FROM trends.hashtag_activity
                             WHERE occurred_at >= :from AND tweet_id > :after ORDER BY tweet_id LIMIT :tweets)
                        SELECT a.tweet_id, a.hashtag, a.author_id, a.location_key, a.occurred_at
                          FROM trends.hashtag_activity a JOIN page USING (tweet_id) ORDER BY a.tweet_id, a.hashtag
                        """)
                .param("from", Timestamp.from(from)).param("after", afterTweetId).param("tweets", tweets)
                .query(HashtagActivity::row).list());
    }

    /** Tweets deleted since the given instant (their Valkey tombstones are restored by a rebuild). */
    List<Long> deletedSince(Instant from) {
        return replica.sql("SELECT tweet_id FROM trends.deleted_tweets WHERE deleted_at >= ?").param(Timestamp.from(from))
                .query(Long.class).list();
    }

    /** Deletes, in batches, activity and tombstones older than the cut-off and processed events older than theirs. */
    long purge(Instant activityBefore, Instant processedBefore) {
        long purged = 0;
        purged += deleteInBatches("hashtag_activity", "occurred_at", activityBefore);
        purged += deleteInBatches("deleted_tweets", "deleted_at", activityBefore);
        purged += deleteInBatches("processed_events", "processed_at", processedBefore);
        return purged;
    }

    private long deleteInBatches(String table, String column, Instant before) {
        long total = 0;
        while (true) {
            // small batches: no long lock, no huge transaction
            int deleted = jdbc.sql("DELETE FROM trends." + table + " WHERE ctid IN (SELECT ctid FROM trends." + table
                    + " WHERE " + column + " < ? LIMIT 5000)").param(Timestamp.from(before)).update();
            total += deleted;
            if (deleted < 5000) {
                return total;
            }
        }
    }

    private void lock(long tweetId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").params(LOCK_SPACE, Long.hashCode(tweetId))
                .query((rs, n) -> 1).list();
    }

    private boolean markProcessed(UUID eventId) {
        return jdbc.sql("INSERT INTO trends.processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING").param(eventId).update() == 1;
    }

    private record Row(long tweetId, String hashtag, long authorId, String locationKey, Instant occurredAt) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("tweet_id"), rs.getString("hashtag"), rs.getLong("author_id"),
                rs.getString("location_key"), rs.getTimestamp("occurred_at").toInstant());
    }

    private static TweetHashtags tombstone(ResultSet rs, int n) throws SQLException {
        Array tags = rs.getArray("hashtags");
        return new TweetHashtags(rs.getLong("tweet_id"), rs.getLong("author_id"), rs.getString("location_key"),
                rs.getTimestamp("occurred_at").toInstant(), Arrays.asList((String[]) tags.getArray()));
    }

    /** Rows of the same tweet (adjacent) become one TweetHashtags; they share author, location and time. */
    private static List<TweetHashtags> group(List<Row> rows) {
        List<TweetHashtags> tweets = new ArrayList<>();
        List<String> tags = null;
        Row first = null;
        for (Row row : rows) {
            if (first == null || row.tweetId() != first.tweetId()) {
                if (first != null) {
                    tweets.add(new TweetHashtags(first.tweetId(), first.authorId(), first.locationKey(), first.occurredAt(), tags));
                }
                first = row;
                tags = new ArrayList<>();
            }
            tags.add(row.hashtag());
        }
        if (first != null) {
            tweets.add(new TweetHashtags(first.tweetId(), first.authorId(), first.locationKey(), first.occurredAt(), tags));
        }
        return tweets;
    }
}
