package dev.twitterlike.timeline.home;

import dev.twitterlike.common.resilience.Breakers;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.common.timeline.TimelineStore;
import dev.twitterlike.timeline.TimelineProperties;
import dev.twitterlike.timeline.hydration.Hydrator;
import dev.twitterlike.tweetviews.TweetView;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The home timeline: the user's cached push list merged with pulls of the celebrities they
 * follow, newest first.
 *
 * <ol>
 *   <li>Whom the user follows comes from Valkey ({@link FollowingCache}, PostgreSQL on a miss),
 *       split into pushed and pulled authors ({@link PulledAuthors}: celebrities, and authors
 *       demoted within the demotion window).</li>
 *   <li>The cached list is read from Valkey; on a miss it is rebuilt from PostgreSQL (the
 *       pushed authors' latest 800) and cached.</li>
 *   <li>Pulled authors' recent tweets come from their recent lists in Valkey, in one pipelined
 *       round trip; lists that are missing are loaded from PostgreSQL in one query and cached.</li>
 *   <li>Everything is merged by Snowflake id; entries from accounts no longer followed, the
 *       second showing of a tweet (a tweet and a retweet of it show once, as the newest) and,
 *       at hydration, deleted tweets, are dropped.</li>
 *   <li>Older than what the caches hold completely, the page continues from PostgreSQL, so the
 *       history has no end. While Valkey fails (the {@code redis-timeline} circuit breaker), the
 *       whole timeline is served from PostgreSQL: slower, still correct. When PostgreSQL fails
 *       inside the cached path (a rebuild out of pooled connections), the read fails with it (a
 *       503 the client retries): serving it from PostgreSQL would only add load where it ran out.</li>
 * </ol>
 * The cursor is the sort id of the last entry shown: the next page holds strictly older
 * entries, so nothing repeats or is skipped while new tweets arrive at the top.
 */
@Service
public class HomeTimeline {

    private static final Logger log = LoggerFactory.getLogger(HomeTimeline.class);

    private final TimelineSql sql;
    private final FollowingCache followingCache;
    private final TimelineStore store;
    private final Hydrator hydrator;
    private final CircuitBreaker breaker;
    private final TimelineProperties properties;
    /** {@code twitter_timeline_latency_seconds{timeline_type="home",cache_hit=...}}, as the design names it. */
    private final Timer cacheHitLatency;
    private final Timer cacheMissLatency;
    private final MeterRegistry meters;
    private final Map<String, Counter> reads = new java.util.concurrent.ConcurrentHashMap<>();

    HomeTimeline(TimelineSql sql, FollowingCache followingCache, TimelineStore store, Hydrator hydrator,
            CircuitBreaker redisTimelineBreaker, TimelineProperties properties, MeterRegistry meters) {
        this.sql = sql;
        this.followingCache = followingCache;
        this.store = store;
        this.hydrator = hydrator;
        this.breaker = redisTimelineBreaker;
        this.properties = properties;
        this.cacheHitLatency = latency(meters, true);
        this.cacheMissLatency = latency(meters, false);
        this.meters = meters;
    }

    /**
     * What the caches hold: entries, and the floor: entries above it are complete in the cache
     * ({@code Long.MIN_VALUE}: the cache holds everything; {@code Long.MAX_VALUE}: nothing, read
     * PostgreSQL).
     */
    private record Candidates(List<TimelineEntry> entries, long floor, boolean hit, String path, boolean pulled) {
    }

    public Page<TweetView> read(long userId, int limit, Long before, Long since) {
        long started = System.nanoTime();
        TimelineSql.Following following = followingCache.of(userId);
        Set<Long> sources = new HashSet<>(following.all());
        sources.add(userId);
        long upper = before == null ? Long.MAX_VALUE : before;
        long lower = since == null ? 0 : since;

        Candidates candidates;
        try {
            int window = window(limit, before, since);
            int pulledWindow = pulledWindow(limit, before, since);
            candidates = breaker.executeSupplier(() -> fromCache(userId, sources, following.pulled(), window, pulledWindow));
        } catch (RuntimeException e) {
            if (Breakers.notValkeysFault(e)) {
                // PostgreSQL failed inside (a rebuild, a pulled author's list), or this process
                // ran out of pooled Valkey connections: a read served from PostgreSQL instead
                // would add load where there is already too much
                throw e;
            }
            log.debug("home timeline from PostgreSQL: {}", e.toString());
            candidates = new Candidates(List.of(), Long.MAX_VALUE, false, "postgres", false);
        }

        List<Hydrator.Shown> shown = new ArrayList<>(limit);
        Set<Long> tweetsShown = new HashSet<>();
        long cursor = upper;
        boolean done = false;
        if (candidates.floor() != Long.MAX_VALUE) {
            List<TimelineEntry> cached = merge(candidates.entries(), sources, upper, Math.max(lower, candidates.floor()));
            cursor = fill(cached, shown, tweetsShown, limit, userId, cursor);
            done = shown.size() == limit || candidates.floor() == Long.MIN_VALUE;
            cursor = Math.min(cursor, candidates.floor() + 1);
        }
        // below what the caches hold completely (or with Valkey away): PostgreSQL, page by page
        while (!done && shown.size() < limit && cursor > lower + 1) {
            int want = (limit - shown.size()) * 2 + 10;
            List<TimelineEntry> batch = merge(sql.activity(sources, cursor, lower, want), sources, cursor, lower);
            if (batch.isEmpty()) {
                break;
            }
            cursor = fill(batch, shown, tweetsShown, limit, userId, cursor);
            done = batch.size() < want;
        }
        (candidates.hit() ? cacheHitLatency : cacheMissLatency)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        reads.computeIfAbsent(candidates.path() + (candidates.pulled() ? "+pull" : ""), this::readCounter).increment();
        String next = shown.size() == limit ? Long.toString(shown.get(shown.size() - 1).entry().sortId()) : null;
        return new Page<>(shown.stream().map(Hydrator.Shown::tweet).toList(), next);
    }

    /**
     * {@code twitter_timeline_home_reads_total{path, pulled}}: how each read was served. path
     * {@code cache} (the cached list), {@code catch_up} (the list had a gap: an influencer's
     * entries skipped while its owner was away, merged in from PostgreSQL first), {@code rebuild}
     * (no list: rebuilt from PostgreSQL), {@code postgres} (Valkey away); pulled: celebrities'
     * recent lists were merged in.
     */
    private Counter readCounter(String key) {
        String[] parts = key.split("\\+");
        return Counter.builder("twitter.timeline.home.reads").description("home timeline reads by how they were served")
                .tag("path", parts[0]).tag("pulled", Boolean.toString(parts.length > 1)).register(meters);
    }

    private static Timer latency(MeterRegistry meters, boolean cacheHit) {
        return Timer.builder("twitter.timeline.latency").description("home timeline read latency")
                .tag("timeline_type", "home").tag("cache_hit", Boolean.toString(cacheHit))
                .publishPercentileHistogram().register(meters);
    }

    /**
     * Hydrates entries in order until the page is full, each tweet once; returns the sort id
     * of the last entry looked at (where a further read continues).
     */
    private long fill(List<TimelineEntry> entries, List<Hydrator.Shown> shown, Set<Long> tweetsShown, int limit,
            long viewerId, long cursor) {
        int index = 0;
        while (shown.size() < limit && index < entries.size()) {
            List<TimelineEntry> chunk = new ArrayList<>();
            while (chunk.size() < limit - shown.size() + 5 && index < entries.size()) {
                TimelineEntry next = entries.get(index++);
                cursor = next.sortId();
                if (tweetsShown.add(next.tweetId())) {
                    chunk.add(next);
                }
            }
            for (Hydrator.Shown s : hydrator.hydrate(chunk, viewerId)) {
                if (shown.size() < limit) {
                    shown.add(s);
                }
            }
        }
        return cursor;
    }

    /**
     * The cached candidates for a page. The first page needs only the top of each list
     * ({@link #window}); a page further down reads the lists whole. Below the last entry of a
     * list read in part (or of a full list, whose older entries were trimmed) the cache is not
     * complete, and the page continues from PostgreSQL.
     */
    private Candidates fromCache(long userId, Set<Long> sources, Set<Long> pulled, int count, int pulledCount) {
        TimelineStore.Slice slice = store.read(userId, count);
        List<TimelineEntry> pushed = slice.entries();
        boolean hit = pushed != null;
        String path = "cache";
        if (!hit) {
            List<TimelineEntry> rebuilt = rebuildCached(userId, sources, pulled);
            slice = TimelineStore.Slice.top(rebuilt, count, store.properties().timelineSize());
            pushed = slice.entries();
            path = "rebuild";
        } else if (slice.gap()) {
            // an influencer's entry skipped this list while its owner was away: what the pushed
            // authors wrote is merged in from PostgreSQL, then the list is read again
            store.merge(userId, pushedActivity(sources, pulled));
            store.caughtUp(userId);
            slice = store.read(userId, count);
            pushed = slice.entries() == null ? List.of() : slice.entries();
            path = "catch_up";
        }
        long completeAbove = slice.truncated() && !pushed.isEmpty() ? pushed.get(pushed.size() - 1).sortId() : Long.MIN_VALUE;
        List<TimelineEntry> all = new ArrayList<>(pushed);
        List<Long> pulledAuthors = new ArrayList<>(pulled);
        Map<Long, TimelineStore.Slice> recent = store.recent(pulledAuthors, pulledCount);
        List<Long> missing = pulledAuthors.stream().filter(a -> !recent.containsKey(a)).toList();
        if (!missing.isEmpty()) {
            Map<Long, List<TimelineEntry>> loaded = sql.recentByAuthor(missing, store.properties().recentSize());
            store.storeRecent(loaded);
            loaded.forEach((author, entries) -> recent.put(author, TimelineStore.Slice.top(entries, pulledCount, store.properties().recentSize())));
        }
        for (TimelineStore.Slice list : recent.values()) {
            List<TimelineEntry> entries = list.entries();
            all.addAll(entries);
            if (list.truncated() && !entries.isEmpty()) {
                completeAbove = Math.max(completeAbove, entries.get(entries.size() - 1).sortId());
            }
        }
        return new Candidates(all, completeAbove, hit, path, !pulledAuthors.isEmpty());
    }

    /**
     * Builds the user's cached timeline from PostgreSQL, as a read does on a miss: the sentinel
     * goes in first (so the fanout starts writing to it at once), then the pushed authors'
     * latest 800 entries are merged in. Returns the merged entries, newest first.
     */
    private List<TimelineEntry> rebuildCached(long userId, Set<Long> sources, Set<Long> pulled) {
        store.markCached(userId);
        List<TimelineEntry> rebuilt;
        try {
            rebuilt = pushedActivity(sources, pulled);
        } catch (RuntimeException e) {
            // PostgreSQL could not answer: the sentinel alone would pass for an empty timeline
            // until it expired; without it the next read rebuilds (what fanout added meanwhile is
            // in PostgreSQL too)
            try {
                store.drop(userId);
            } catch (RuntimeException alsoValkey) {
                e.addSuppressed(alsoValkey);
            }
            throw e;
        }
        store.merge(userId, rebuilt);
        return rebuilt;
    }

    /** The latest entries (as many as a timeline holds) of the authors pushed to this timeline, from PostgreSQL. */
    private List<TimelineEntry> pushedActivity(Set<Long> sources, Set<Long> pulled) {
        Set<Long> pushedSources = new HashSet<>(sources);
        pushedSources.removeAll(pulled);
        return sql.activity(pushedSources, Long.MAX_VALUE, 0, store.properties().timelineSize());
    }

    /** What {@link #rebuild} put back: the timeline's entries and the user's recent list's. */
    public record Rebuilt(long userId, int timelineEntries, int recentEntries) {
    }

    /**
     * Rebuilds a user's cached lists from PostgreSQL (an operation: {@code scripts/rebuild-timelines.sh}):
     * the home timeline {@code timeline:<id>} through the very path a read takes on a miss, and
     * the user's own recent list {@code recent:<id>} through the path a pull takes on a miss.
     * The old lists are dropped first, so what was wrong in them (or missing) is gone; a fanout
     * write in between is not lost, it is in PostgreSQL already and read back.
     */
    public Rebuilt rebuild(long userId) {
        TimelineSql.Following following = followingCache.of(userId);
        Set<Long> sources = new HashSet<>(following.all());
        sources.add(userId);
        store.drop(userId);
        List<TimelineEntry> timeline = rebuildCached(userId, sources, following.pulled());
        Map<Long, List<TimelineEntry>> recent = sql.recentByAuthor(List.of(userId), store.properties().recentSize());
        store.storeRecent(recent);
        return new Rebuilt(userId, timeline.size(), recent.get(userId).size());
    }

    /**
     * How many entries of each list a page reads: for the first page, enough to fill it with
     * room for entries dropped at read (unfollowed, deleted, shown twice); below the first page
     * (a cursor) or for new entries only ({@code sinceId}), the whole list.
     */
    private int window(int limit, Long before, Long since) {
        return before == null && since == null ? limit * 3 + 20 : store.properties().timelineSize() + 1;
    }

    /**
     * How many entries of each pulled author's recent list a page reads: for the first page,
     * a page and a few (whichever list holds the newest entries fills the page from its own, and
     * below the shortest-reaching list the page continues from PostgreSQL, so nothing is missed);
     * at a million users a reader follows about 60 celebrities, and reading the first page's
     * whole window from each (80 entries, 4,800 in all) was most of a read's cost. Below the
     * first page, the whole list, as for the pushed one.
     */
    private int pulledWindow(int limit, Long before, Long since) {
        return before == null && since == null ? limit + 5 : store.properties().timelineSize() + 1;
    }

    /** Entries from followed accounts within (lower, upper), newest first, each entry once. */
    private static List<TimelineEntry> merge(List<TimelineEntry> entries, Set<Long> sources, long upper, long lower) {
        Set<TimelineEntry> seen = new HashSet<>();
        return entries.stream()
                .filter(e -> e.sortId() < upper && e.sortId() > lower && sources.contains(e.sourceId()))
                .filter(seen::add)
                .sorted(Comparator.comparingLong(TimelineEntry::sortId).reversed())
                .toList();
    }
}
