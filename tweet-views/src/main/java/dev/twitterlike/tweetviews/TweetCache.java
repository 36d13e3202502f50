package dev.twitterlike.tweetviews;

import dev.twitterlike.tweetviews.TweetView.UserSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read model's cache in Valkey, and its one owner: every key name, TTL and script of what
 * {@link TweetViews} hydrates from is here, and every service that writes it (tweet-service at
 * post, delete, like and retweet; graph-service at a profile edit; the readers on a miss) goes
 * through this class. docs/timeline.md#hydration describes the layout and the rules.
 *
 * <ul>
 *   <li>{@code tweet:{id}}: a hash. {@code body}: the tweet's JSON ({@link Body}, never changes);
 *       {@code v}, {@code likes}, {@code retweets}, {@code replies}: its counts, with the counts
 *       version tweet-service moves with every count change ({@code tweets.counts_version}); or
 *       only {@code deleted}: the tombstone of a deleted tweet.</li>
 *   <li>{@code user:{id}}: a user summary's JSON.</li>
 *   <li>{@code liked:{userId}}, {@code retweeted:{userId}}: hashes of tweet id to {@code 1}
 *       (liked) or {@code 0} (unliked); complete once {@code *} is set.</li>
 * </ul>
 *
 * <p>Who writes what, so that no reader can put back an older value than an owner wrote: the
 * owners <em>overwrite</em> (a new body at post time, the tombstone at delete, the new summary
 * at a profile edit, the new counts and the viewer's flag after a like or retweet), right after
 * their transaction commits and before their request returns; readers only <em>fill</em>
 * after a miss, and a fill never replaces what an owner wrote: bodies and summaries are set
 * only if absent, counts only if their version is newer, flags only for tweets the hash does
 * not hold, and nothing over a tombstone. A fill that read PostgreSQL before a change therefore
 * either lands before the owner's write (which replaces it) or is refused. Invalidating by
 * deleting the key instead would lose that race: a fill racing the delete would put the old
 * value back for a whole TTL.
 *
 * <p>Every key carries the id it is about as a hash tag ({@code {42}}), ready for Valkey
 * Cluster; each script touches one key; reads of many ids are pipelines (one command per key),
 * which a cluster client splits by node. No breaker here: {@link TweetViews} wraps its reads
 * in {@code redis-tweets}, and the owners' writes ({@link #afterCommit}) log a failure and go on.
 */
public class TweetCache {

    /** What never changes about a tweet, as cached in {@code tweet:{id}}'s {@code body}. */
    public record Body(long authorId, String content, Instant createdAt, List<String> hashtags, List<Long> mentions,
            List<String> mediaUrls, Long replyTo) {
    }

    /** A tweet's counts and the version PostgreSQL gave them ({@code tweets.counts_version}). */
    public record Counts(long version, int likes, int retweets, int replies) {
    }

    /** What the cache holds of a tweet: deleted, or its body and counts (either may be missing). */
    public record Cached(boolean deleted, Body body, Counts counts) {

        /** Complete enough to show without PostgreSQL. */
        public boolean complete() {
            return deleted || (body != null && counts != null);
        }
    }

    /** A viewer's likes and retweets among some tweets; a set is null when that hash is not complete in the cache. */
    public record Flags(Set<Long> liked, Set<Long> retweeted) {
    }

    private static final Logger log = LoggerFactory.getLogger(TweetCache.class);
    private static final byte[][] TWEET_FIELDS = {bytes("deleted"), bytes("body"), bytes("v"), bytes("likes"),
            bytes("retweets"), bytes("replies")};
    private static final byte[] COMPLETE = bytes("*");

    private final StringRedisTemplate redis;
    private final TweetCacheProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final byte[] fillScript = script("tweet-fill.lua");
    private final byte[] deleteScript = script("tweet-delete.lua");
    private final byte[] flagsScript = script("flags-fill.lua");

    public TweetCache(StringRedisTemplate redis, TweetCacheProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    public static String tweetKey(long tweetId) {
        return "tweet:{" + tweetId + "}";
    }

    public static String userKey(long userId) {
        return "user:{" + userId + "}";
    }

    public static String likedKey(long userId) {
        return "liked:{" + userId + "}";
    }

    public static String retweetedKey(long userId) {
        return "retweeted:{" + userId + "}";
    }

    // ---- reads (TweetViews)

    /** The tweets (by id) the cache knows anything of, and the viewer's flags among them (viewer null: none), in one round trip. */
    public record Lookup(Map<Long, Cached> tweets, Flags flags) {
    }

    public Lookup lookup(List<Long> tweetIds, Long viewerId) {
        byte[][] flagFields = new byte[tweetIds.size() + 1][];
        flagFields[0] = COMPLETE;
        for (int i = 0; i < tweetIds.size(); i++) {
            flagFields[i + 1] = bytes(Long.toString(tweetIds.get(i)));
        }
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long id : tweetIds) {
                connection.hashCommands().hMGet(bytes(tweetKey(id)), TWEET_FIELDS);
            }
            if (viewerId != null) {
                connection.hashCommands().hMGet(bytes(likedKey(viewerId)), flagFields);
                connection.hashCommands().hMGet(bytes(retweetedKey(viewerId)), flagFields);
            }
            return null;
        });
        Map<Long, Cached> tweets = new HashMap<>();
        for (int i = 0; i < tweetIds.size(); i++) {
            Cached cached = cached(strings(replies.get(i)));
            if (cached != null) {
                tweets.put(tweetIds.get(i), cached);
            }
        }
        Flags flags = viewerId == null ? new Flags(Set.of(), Set.of())
                : new Flags(flagged(tweetIds, strings(replies.get(tweetIds.size()))),
                        flagged(tweetIds, strings(replies.get(tweetIds.size() + 1))));
        return new Lookup(tweets, flags);
    }

    /** The cached summaries of these users, in one round trip; users not cached are missing. */
    public Map<Long, UserSummary> users(List<Long> userIds) {
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long id : userIds) {
                connection.stringCommands().get(bytes(userKey(id)));
            }
            return null;
        });
        Map<Long, UserSummary> users = new HashMap<>();
        for (int i = 0; i < userIds.size(); i++) {
            Object value = replies.get(i);
            if (value != null) {
                users.put(userIds.get(i), json.readValue((String) value, UserSummary.class));
            }
        }
        return users;
    }

    // ---- fills after a miss (TweetViews): never over an owner's write

    /** Fills tweets read from PostgreSQL (body if absent, counts if newer, nothing over a tombstone), in one round trip. */
    public void fillTweets(Map<Long, Body> bodies, Map<Long, Counts> counts) {
        String sha = loadScript(fillScript);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            bodies.forEach((id, body) -> fill(connection, sha, id, json.writeValueAsString(body), counts.get(id)));
            return null;
        });
    }

    /** Fills user summaries read from PostgreSQL where none is cached, in one round trip. */
    public void fillUsers(Collection<UserSummary> users) {
        long ttl = properties.userTtl().toSeconds();
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (UserSummary user : users) {
                connection.stringCommands().set(bytes(userKey(Long.parseLong(user.id()))), bytes(json.writeValueAsString(user)),
                        org.springframework.data.redis.core.types.Expiration.seconds(ttl),
                        org.springframework.data.redis.connection.RedisStringCommands.SetOption.ifAbsent());
            }
            return null;
        });
    }

    /** Completes the viewer's likes and retweets with all of theirs PostgreSQL holds, without undoing a change written since. */
    public void fillFlags(long viewerId, Set<Long> liked, Set<Long> retweeted) {
        redis.executePipelined((RedisCallback<Object>) connection -> {
            fillFlags(connection, likedKey(viewerId), liked);
            fillFlags(connection, retweetedKey(viewerId), retweeted);
            return null;
        });
    }

    // ---- the owners' writes, after their commit

    /** tweet-service, a tweet posted: its body, counts at zero. */
    public void putTweet(long tweetId, Body body) {
        String sha = loadScript(fillScript);
        redis.execute((RedisCallback<Object>) connection -> {
            fill(connection, sha, tweetId, json.writeValueAsString(body), new Counts(0, 0, 0, 0));
            return null;
        });
    }

    /** tweet-service, a count changed: the counts as the change left them (older versions are ignored). */
    public void putCounts(long tweetId, Counts counts) {
        String sha = loadScript(fillScript);
        redis.execute((RedisCallback<Object>) connection -> {
            fill(connection, sha, tweetId, "", counts);
            return null;
        });
    }

    /** tweet-service, a tweet deleted: its tombstone. */
    public void deleteTweet(long tweetId) {
        redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands().eval(deleteScript,
                ReturnType.INTEGER, 1, bytes(tweetKey(tweetId)), bytes(Long.toString(properties.tweetTtl().toSeconds()))));
    }

    /** graph-service, a profile edited: the new summary. */
    public void putUser(UserSummary user) {
        redis.opsForValue().set(userKey(Long.parseLong(user.id())), json.writeValueAsString(user), properties.userTtl());
    }

    /** tweet-service, a like or unlike: the user's flag for the tweet. */
    public void putLiked(long userId, long tweetId, boolean liked) {
        putFlag(likedKey(userId), tweetId, liked);
    }

    /** tweet-service, a retweet or its undoing: the user's flag for the tweet. */
    public void putRetweeted(long userId, long tweetId, boolean retweeted) {
        putFlag(retweetedKey(userId), tweetId, retweeted);
    }

    /**
     * Runs an owner's write right after the current transaction commits, before the request
     * returns (at once when there is no transaction): nothing uncommitted is cached, and the
     * writer reads its own change. A failure (Valkey away) is logged and changes nothing for
     * the request; readers go to PostgreSQL while Valkey fails (docs/failure-handling.md).
     */
    public void afterCommit(String what, java.util.function.Consumer<TweetCache> write) {
        afterCommit(what, write, () -> { });
    }

    /**
     * The same, and {@code onFailure} runs when the write failed: the cached copy may be older
     * than what committed (an owner queues a repair: tweet-service's CacheRepairs).
     */
    public void afterCommit(String what, java.util.function.Consumer<TweetCache> write, Runnable onFailure) {
        Runnable run = () -> {
            try {
                write.accept(this);
            } catch (RuntimeException e) {
                log.warn("cache not written ({}): {}", what, e.toString());
                onFailure.run();
            }
        };
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            run.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                run.run();
            }
        });
    }

    // ----

    private void putFlag(String key, long tweetId, boolean on) {
        byte[] raw = bytes(key);
        long ttl = properties.flagsTtl().toSeconds();
        redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.hashCommands().hSet(raw, bytes(Long.toString(tweetId)), bytes(on ? "1" : "0"));
            connection.keyCommands().expire(raw, ttl);
            return null;
        });
    }

    private void fill(RedisConnection connection, String sha, long tweetId, String body, Counts counts) {
        connection.scriptingCommands().evalSha(sha, ReturnType.INTEGER, 1, bytes(tweetKey(tweetId)), bytes(body),
                bytes(Long.toString(counts.version())), bytes(Integer.toString(counts.likes())),
                bytes(Integer.toString(counts.retweets())), bytes(Integer.toString(counts.replies())),
                bytes(Long.toString(properties.tweetTtl().toSeconds())));
    }

    private void fillFlags(RedisConnection connection, String key, Set<Long> ids) {
        byte[][] args = new byte[ids.size() + 2][];
        args[0] = bytes(key);
        args[1] = bytes(Long.toString(properties.flagsTtl().toSeconds()));
        int i = 2;
        for (long id : ids) {
            args[i++] = bytes(Long.toString(id));
        }
        connection.scriptingCommands().eval(flagsScript, ReturnType.INTEGER, 1, args);
    }

    private Cached cached(List<String> fields) {
        if (fields == null || fields.stream().allMatch(java.util.Objects::isNull)) {
            return null;
        }
        if (fields.get(0) != null) {
            return new Cached(true, null, null);
        }
        Body body = fields.get(1) == null ? null : json.readValue(fields.get(1), Body.class);
        Counts counts = fields.get(2) == null ? null : new Counts(Long.parseLong(fields.get(2)),
                Integer.parseInt(fields.get(3)), Integer.parseInt(fields.get(4)), Integer.parseInt(fields.get(5)));
        return new Cached(false, body, counts);
    }

    /** The tweets flagged '1' in an HMGET of ('*', ids...); null when '*' is missing (the hash is not complete). */
    private static Set<Long> flagged(List<Long> tweetIds, List<String> values) {
        if (values == null || values.get(0) == null) {
            return null;
        }
        Set<Long> on = new HashSet<>();
        for (int i = 0; i < tweetIds.size(); i++) {
            if ("1".equals(values.get(i + 1))) {
                on.add(tweetIds.get(i));
            }
        }
        return on;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object reply) {
        return reply == null ? null : new ArrayList<>((List<String>) reply);
    }

    /** SCRIPT LOAD is idempotent and cheap; doing it per batch survives a Valkey restart. */
    private String loadScript(byte[] script) {
        return redis.execute((RedisCallback<String>) connection -> connection.scriptingCommands().scriptLoad(script));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] script(String name) {
        try {
            return new ClassPathResource("dev/twitterlike/tweetviews/" + name).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
