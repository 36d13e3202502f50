package dev.twitterlike.common.timeline;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The home-timeline store in Valkey, and its one owner: every key name, size, TTL and Lua
 * script of home timelines, authors' recent lists and cached following sets is here, and every
 * service that touches them (fanout-worker writes, timeline-service reads and rebuilds,
 * graph-service renews following stamps) goes through this class. docs/timeline.md describes
 * the layout.
 *
 * <ul>
 *   <li>{@code timeline:{userId}}: a user's home timeline, {@link TimelineEntry} values newest
 *       first, at most {@code timeline-size}; {@link TimelineEntry#SENTINEL} marks it cached
 *       even when empty. Fanout inserts only into timelines that exist (active users); a missing
 *       one is rebuilt from PostgreSQL on read.</li>
 *   <li>{@code recent:{authorId}}: an author's latest activity, at most {@code recent-size},
 *       for celebrity pulls and follow backfills; created by whoever writes it first.</li>
 *   <li>{@code following:{userId}}: whom the user follows, {@code <stamp>|<id>,<id>,...}, valid
 *       only while {@code following:stamp:{userId}} holds the same stamp ({@code -} when there
 *       is none). Whoever changes whom a user follows writes a new stamp (graph-service at
 *       commit, fanout-worker again when the event arrives); a reader reads the stamp before
 *       PostgreSQL and caches under it, so a copy older than a change is ignored. The stamp
 *       outlives every copy made under it (twice the TTL).</li>
 * </ul>
 *
 * <p>Every key carries its user's id as a hash tag ({@code {42}}), so that all of one user's
 * keys live in one slot of a Valkey Cluster: the multi-key reads here (a timeline with its
 * recent list, a following set with its stamp) and each script stay within one slot. Scripts
 * touch one key each (or a timeline and its gap flag: one slot); pipelines over many users are
 * plain pipelines, which Lettuce's cluster client splits by node: on a cluster the fanout's
 * pipeline connections are cluster connections, whose commands are queued on one connection
 * per master and flushed together (docs/cluster.md).
 *
 * <p>The fanout's writes (thousands of script calls per tweet) go through one dedicated Lettuce
 * connection without auto-flush: a batch is written whole and flushed once, several batches
 * may be in flight, and scripts are called by SHA-1 without a SCRIPT LOAD per batch (loaded
 * again only when Valkey answers NOSCRIPT). Everything else uses Spring's template.
 *
 * <p>No breaker here: callers wrap calls in their own (fanout's {@code redis-fanout}, the
 * timeline's {@code redis-timeline}) and decide what a failure means for them.
 */
public class TimelineStore implements AutoCloseable {

    public static final String NO_STAMP = "-";

    private static final byte[] SENTINEL = bytes(TimelineEntry.SENTINEL);

    private final StringRedisTemplate redis;
    private final TimelineStoreProperties properties;
    private final Script insert = Script.of("timeline-insert.lua");
    private final Script remove = Script.of("timeline-remove.lua");
    private final byte[] mergeScript = script("timeline-merge.lua");
    private static final int PIPELINES = 2;
    private volatile List<Pipeline> pipelines;
    private final AtomicInteger nextPipeline = new AtomicInteger();

    public TimelineStore(StringRedisTemplate redis, TimelineStoreProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    public static String timelineKey(long userId) {
        return "timeline:{" + userId + "}";
    }

    /** Set when an influencer's entry skipped the user's timeline (the user was not active): their next read catches up. */
    public static String gapKey(long userId) {
        return "timeline:gap:{" + userId + "}";
    }

    public static String recentKey(long authorId) {
        return "recent:{" + authorId + "}";
    }

    public static String followingKey(long userId) {
        return "following:{" + userId + "}";
    }

    public static String followingStampKey(long userId) {
        return "following:stamp:{" + userId + "}";
    }

    public TimelineStoreProperties properties() {
        return properties;
    }

    /**
     * The newest {@code count} entries of a cached list (sentinel removed) and whether the list
     * may hold more below them; {@code truncated} is also true for a full list (older entries
     * were trimmed away). {@code entries} is null when the key is absent. {@code gap}: a home
     * timeline whose owner was away when an influencer's entry was pushed ({@link #pushToActive}):
     * it lacks entries PostgreSQL has, until the reader catches up ({@link #caughtUp}).
     */
    public record Slice(List<TimelineEntry> entries, boolean truncated, boolean gap) {

        public Slice(List<TimelineEntry> entries, boolean truncated) {
            this(entries, truncated, false);
        }

        /** The newest {@code count} of a whole list (as loaded from PostgreSQL) that holds at most {@code capacity}. */
        public static Slice top(List<TimelineEntry> all, int count, int capacity) {
            return new Slice(all.subList(0, Math.min(count, all.size())), all.size() >= count || all.size() >= capacity - 1);
        }
    }

    // ---- home timelines

    /** What a batch of inserts did: entries written, and timelines skipped because their owner is not active. */
    public record Pushed(int inserted, int skippedInactive) {
    }

    /**
     * Inserts the entry into each of these users' home timelines that is cached (others are
     * rebuilt on read), pipelined: the whole batch is written and flushed at once, and the
     * caller may send more batches before this one completes. Idempotent. The stage completes
     * when Valkey has applied every insert, and fails if any failed.
     */
    public CompletableFuture<Pushed> push(Collection<Long> userIds, TimelineEntry entry) {
        return insert(userIds, entry, false);
    }

    /**
     * {@link #push}, but only into the timelines of <em>active</em> owners: those who read their
     * timeline within {@code active-window} (a read renews the list's TTL, so its remaining TTL
     * tells when it was last read: no key of its own, no write per read). Each skipped timeline
     * is flagged with a gap ({@code timeline:gap:{userId}}), and its owner's next read catches up
     * from PostgreSQL ({@link #read}: {@link Slice#gap}). The influencer tier's push.
     */
    public CompletableFuture<Pushed> pushToActive(Collection<Long> userIds, TimelineEntry entry) {
        return insert(userIds, entry, true);
    }

    private CompletableFuture<Pushed> insert(Collection<Long> userIds, TimelineEntry entry, boolean activeOnly) {
        List<byte[][]> keys = new ArrayList<>(userIds.size());
        for (long userId : userIds) {
            keys.add(activeOnly ? new byte[][] {bytes(timelineKey(userId)), bytes(gapKey(userId))}
                    : new byte[][] {bytes(timelineKey(userId))});
        }
        long activeFor = activeOnly ? Math.max(0, properties.timelineTtl().minus(properties.activeWindow()).toMillis()) : 0;
        return evalShaEach(insert, keys, bytes(entry.encode()), bytes(Integer.toString(properties.timelineSize())),
                bytes("1"), bytes("0"), bytes(Long.toString(activeFor))).thenApply(replies -> {
                    int inserted = 0;
                    int skipped = 0;
                    for (long reply : replies) {
                        if (reply == 1) {
                            inserted++;
                        } else if (reply == 2) {
                            skipped++;
                        }
                    }
                    return new Pushed(inserted, skipped);
                });
    }

    /** Removes the entries of a tweet (and retweets of it) from these users' timelines, pipelined as {@link #push} is. */
    public CompletableFuture<Void> removeTweet(Collection<Long> userIds, long tweetId) {
        return evalShaEach(remove, keys(userIds), bytes("tweet"), bytes(Long.toString(tweetId))).thenApply(replies -> null);
    }

    /** Removes, from one timeline, every entry that came from this source (after an unfollow). */
    public void removeSource(long userId, long sourceId) {
        await(evalShaEach(remove, List.<byte[][]>of(new byte[][] {bytes(timelineKey(userId))}), bytes("source"),
                bytes(Long.toString(sourceId))));
    }

    /** Merges entries into a cached timeline (a follow's backfill, a rebuild); nothing when it is not cached. */
    public void merge(long userId, List<TimelineEntry> entries) {
        merge(timelineKey(userId), properties.timelineSize(), entries);
    }

    /**
     * The newest {@code count} entries of the user's cached timeline, with its TTL refreshed
     * (which makes the owner active: {@link #pushToActive}), and whether it has a gap to catch
     * up. The TTL is renewed before the gap flag is read, so an insert skipped for this owner
     * either set the flag before it is read here, or came after the renewal and was not skipped.
     */
    public Slice read(long userId, int count) {
        byte[] key = bytes(timelineKey(userId));
        byte[] gap = bytes(gapKey(userId));
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.listCommands().lRange(key, 0, count - 1);
            connection.keyCommands().expire(key, properties.timelineTtl().toSeconds());
            connection.stringCommands().get(gap);
            return null;
        });
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) replies.get(0);
        Slice slice = slice(values, count, properties.timelineSize());
        return replies.get(2) == null || slice.entries() == null ? slice : new Slice(slice.entries(), slice.truncated(), true);
    }

    /**
     * Clears a timeline's gap once what it lacked was merged in ({@link #merge}). A skipped insert
     * cannot set it again meanwhile: the read that saw the gap renewed the list's TTL first.
     */
    public void caughtUp(long userId) {
        redis.delete(gapKey(userId));
    }

    /**
     * Marks a timeline as cached before it is rebuilt: the sentinel goes in first, before
     * PostgreSQL is read, so the fanout (which writes only to existing timelines) starts
     * inserting at once; the rebuilt entries are then {@link #merge merged} in, keeping whatever
     * the fanout added meanwhile.
     */
    public void markCached(long userId) {
        String key = timelineKey(userId);
        redis.opsForList().rightPush(key, TimelineEntry.SENTINEL);
        redis.expire(key, properties.timelineTtl());
    }

    /** Deletes the user's cached timeline, its gap flag and recent list (one slot: they share the user's hash tag). */
    public void drop(long userId) {
        redis.delete(List.of(timelineKey(userId), gapKey(userId), recentKey(userId)));
    }

    // ---- recent lists

    /** Records an entry in its author's recent list (created if missing, with the recent TTL). */
    public void pushToRecent(long authorId, TimelineEntry entry) {
        redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands().eval(
                insert.body(), ReturnType.INTEGER, 1, bytes(recentKey(authorId)), bytes(entry.encode()),
                bytes(Integer.toString(properties.recentSize())), bytes("0"),
                bytes(Long.toString(properties.recentTtl().toSeconds()))));
    }

    /** Removes the entries of a tweet from its author's recent list. */
    public void removeFromRecent(long authorId, long tweetId) {
        await(evalShaEach(remove, List.<byte[][]>of(new byte[][] {bytes(recentKey(authorId))}), bytes("tweet"),
                bytes(Long.toString(tweetId))));
    }

    /** The whole recent list of an author, newest first (sentinel removed); null when it is not cached. */
    public List<TimelineEntry> recent(long authorId) {
        Slice slice = slice(redis.opsForList().range(recentKey(authorId), 0, -1), Integer.MAX_VALUE, properties.recentSize());
        return slice.entries();
    }

    /** The newest {@code count} entries of these authors' recent lists, in one round trip; authors whose list is not cached are missing. */
    public Map<Long, Slice> recent(List<Long> authors, int count) {
        Map<Long, Slice> found = new HashMap<>();
        if (authors.isEmpty()) {
            return found;
        }
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (long author : authors) {
                connection.listCommands().lRange(bytes(recentKey(author)), 0, count - 1);
            }
            return null;
        });
        for (int i = 0; i < authors.size(); i++) {
            @SuppressWarnings("unchecked")
            Slice slice = slice((List<String>) replies.get(i), count, properties.recentSize());
            if (slice.entries() != null) {
                found.put(authors.get(i), slice);
            }
        }
        return found;
    }

    /** Caches recent lists loaded from PostgreSQL (an empty one is cached as the sentinel), in one round trip. */
    public void storeRecent(Map<Long, List<TimelineEntry>> recent) {
        if (recent.isEmpty()) {
            return;
        }
        byte[] max = bytes(Integer.toString(properties.recentSize()));
        redis.executePipelined((RedisCallback<Object>) connection -> {
            recent.forEach((author, entries) -> {
                byte[] key = bytes(recentKey(author));
                connection.listCommands().rPush(key, SENTINEL);
                if (!entries.isEmpty()) {
                    connection.scriptingCommands().eval(mergeScript, ReturnType.INTEGER, 1, mergeArgs(key, max, entries));
                }
                connection.keyCommands().expire(key, properties.recentTtl().toSeconds());
            });
            return null;
        });
    }

    // ---- following sets

    /**
     * The cached copy of whom a user follows, if it is current: {@code ids} is null when there
     * is none (or it is older than the stamp); cache what PostgreSQL says under {@code stamp}.
     */
    public record Following(String stamp, Set<Long> ids) {
    }

    public Following following(long userId) {
        List<String> values = redis.opsForValue().multiGet(List.of(followingKey(userId), followingStampKey(userId)));
        String stamp = values == null || values.get(1) == null ? NO_STAMP : values.get(1);
        String cached = values == null ? null : values.get(0);
        if (cached != null && cached.startsWith(stamp + "|")) {
            return new Following(stamp, decodeIds(cached.substring(stamp.length() + 1)));
        }
        return new Following(stamp, null);
    }

    /** Caches whom the user follows, as read from PostgreSQL after {@link #following} returned {@code stamp}. */
    public void cacheFollowing(long userId, String stamp, Set<Long> ids) {
        String value = stamp + "|" + ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        redis.opsForValue().set(followingKey(userId), value, properties.followingTtl());
    }

    /** Invalidates every cached copy of whom the user follows: their next read goes to PostgreSQL. */
    public void renewFollowingStamp(long userId) {
        redis.opsForValue().set(followingStampKey(userId), UUID.randomUUID().toString(), properties.followingTtl().multipliedBy(2));
    }

    // ----

    private void merge(String key, int max, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        byte[][] args = mergeArgs(bytes(key), bytes(Integer.toString(max)), entries);
        redis.execute((RedisCallback<Object>) connection ->
                connection.scriptingCommands().eval(mergeScript, ReturnType.INTEGER, 1, args));
    }

    /**
     * EVALSHA of one script on each key with the same arguments, on the pipeline connection:
     * every command is written, then flushed once. Replies come back in order; the stage
     * completes when all have. Scripts are addressed by their SHA-1 (computed here, no round
     * trip); when Valkey does not know it (NOSCRIPT: it restarted, SCRIPT FLUSH, or a cluster node
     * that has not run it yet), the keys that failed are sent again once, with EVAL of the body.
     */
    private CompletableFuture<List<Long>> evalShaEach(Script script, List<byte[][]> keys, byte[]... args) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Pipeline pipeline = pipeline();
        StatefulConnection<byte[], byte[]> connection = pipeline.connection();
        RedisClusterAsyncCommands<byte[], byte[]> commands = pipeline.commands();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] replies = new CompletableFuture[keys.size()];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = commands.<Long>evalsha(script.sha(), ScriptOutputType.INTEGER, keys.get(i), args)
                    .toCompletableFuture();
        }
        connection.flushCommands();
        return CompletableFuture.allOf(replies).handle((done, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                List<Long> values = new ArrayList<>(replies.length);
                for (CompletableFuture<Long> reply : replies) {
                    values.add(reply.join()); // done already
                }
                return CompletableFuture.completedFuture(values);
            }
            List<byte[][]> unknownScript = new ArrayList<>();
            for (int i = 0; i < replies.length; i++) {
                if (replies[i].isCompletedExceptionally()) {
                    Throwable cause = replies[i].handle((reply, error) -> error).join(); // done already
                    if (!(cause instanceof RedisNoScriptException)) {
                        return CompletableFuture.<List<Long>>failedFuture(cause);
                    }
                    unknownScript.add(keys.get(i));
                }
            }
            // EVAL with the body, on whichever node holds each key (a cluster's nodes each
            // have their own script cache): it runs the script and caches it there
            @SuppressWarnings("unchecked")
            CompletableFuture<Long>[] again = new CompletableFuture[unknownScript.size()];
            for (int i = 0; i < again.length; i++) {
                again[i] = commands.<Long>eval(script.body(), ScriptOutputType.INTEGER, unknownScript.get(i), args).toCompletableFuture();
            }
            connection.flushCommands();
            return CompletableFuture.allOf(again).thenApply(all -> {
                List<Long> values = new ArrayList<>(replies.length);
                int retried = 0;
                for (CompletableFuture<Long> reply : replies) {
                    values.add(reply.isCompletedExceptionally() ? again[retried++].join() : reply.join());
                }
                return values;
            });
        });
    }

    /** A pipeline connection (standalone or cluster) and its asynchronous commands. */
    private record Pipeline(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {
    }

    /**
     * The connections pipelines go through, opened on first use and taken in turn by batch:
     * dedicated, so that commands are flushed per batch, not one by one; two, so that two of
     * Lettuce's I/O threads encode and decode (one connection's thread was the fanout's
     * bottleneck).
     */
    private Pipeline pipeline() {
        List<Pipeline> connections = pipelines;
        if (connections == null) {
            synchronized (this) {
                connections = pipelines;
                if (connections == null) {
                    if (!(redis.getConnectionFactory() instanceof LettuceConnectionFactory factory)) {
                        throw new IllegalStateException("the timeline store needs Lettuce");
                    }
                    connections = new ArrayList<>();
                    for (int i = 0; i < PIPELINES; i++) {
                        Pipeline pipeline;
                        if (factory.getRequiredNativeClient() instanceof RedisClient client) {
                            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                            pipeline = new Pipeline(connection, connection.async());
                        } else if (factory.getRequiredNativeClient() instanceof RedisClusterClient client) {
                            StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                            pipeline = new Pipeline(connection, connection.async());
                        } else {
                            throw new IllegalStateException("the timeline store needs a standalone Valkey or a Valkey Cluster");
                        }
                        // every caller flushes after writing its batch: commands other threads are
                        // still writing are sent by their own flush (or earlier, harmlessly, by this one)
                        pipeline.connection().setAutoFlushCommands(false);
                        connections.add(pipeline);
                    }
                    pipelines = List.copyOf(connections);
                }
            }
        }
        return connections.get(Math.floorMod(nextPipeline.getAndIncrement(), connections.size()));
    }

    /** Closes the pipeline connections (Spring calls it when the context closes). */
    @Override
    public synchronized void close() {
        if (pipelines != null) {
            pipelines.forEach(pipeline -> pipeline.connection().close());
            pipelines = null;
        }
    }

    /** Waits for a pipelined call; its failure is rethrown as it is. */
    private static void await(CompletableFuture<?> call) {
        try {
            call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static List<byte[][]> keys(Collection<Long> userIds) {
        List<byte[][]> keys = new ArrayList<>(userIds.size());
        for (long userId : userIds) {
            keys.add(new byte[][] {bytes(timelineKey(userId))});
        }
        return keys;
    }

    /** A Lua script and its SHA-1, by which EVALSHA names it. */
    private record Script(byte[] body, String sha) {

        static Script of(String name) {
            byte[] body = script(name);
            try {
                return new Script(body, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** KEYS[1] = the list, ARGV[1] = its maximum length, ARGV[2..] = the entries (timeline-merge.lua). */
    private static byte[][] mergeArgs(byte[] key, byte[] max, List<TimelineEntry> entries) {
        byte[][] args = new byte[entries.size() + 2][];
        args[0] = key;
        args[1] = max;
        for (int i = 0; i < entries.size(); i++) {
            args[i + 2] = bytes(entries.get(i).encode());
        }
        return args;
    }

    private static Slice slice(List<String> values, int count, int capacity) {
        if (values == null || values.isEmpty()) {
            return new Slice(null, false);
        }
        List<TimelineEntry> entries = new ArrayList<>(values.size());
        for (String value : values) {
            TimelineEntry entry = TimelineEntry.decode(value);
            if (entry.sortId() != 0) {
                entries.add(entry);
            }
        }
        return new Slice(entries, values.size() >= count || entries.size() >= capacity - 1);
    }

    private static Set<Long> decodeIds(String ids) {
        Set<Long> set = new HashSet<>();
        if (!ids.isEmpty()) {
            for (String id : ids.split(",")) {
                set.add(Long.parseLong(id));
            }
        }
        return set;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] script(String name) {
        try {
            return new ClassPathResource("dev/twitterlike/common/timeline/" + name).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
