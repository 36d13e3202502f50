package dev.twitterlike.fanout.push;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.fanout.FanoutProperties;
import dev.twitterlike.common.timeline.TimelineStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The tiered fanout (the design's three tiers, {@link Tier}). A normal author's tweet (or
 * retweet) goes into the cached home timeline of every follower and into the author's own:
 * followers are streamed from PostgreSQL and written in pipelined batches, several in flight at
 * a time. An influencer's goes only into the timelines of followers who read recently
 * ({@link TimelineStore#pushToActive}); the others are flagged and catch up from PostgreSQL at
 * their next read. A celebrity's goes into no follower's: they pull it at read time from the
 * author's recent list, which is kept for every author so that a pull or a follow backfill
 * never needs PostgreSQL when Valkey has it.
 */
@Service
public class Fanout {

    private final SocialGraph graph;
    private final TimelineStore timelines;
    private final CircuitBreaker breaker;
    private final FanoutProperties properties;
    private final MeterRegistry meters;
    private final Counter writes;
    private final Counter inserted;
    private final Counter skippedInactive;

    Fanout(SocialGraph graph, TimelineStore timelines, CircuitBreaker redisFanoutBreaker, FanoutProperties properties,
            MeterRegistry meters) {
        this.graph = graph;
        this.timelines = timelines;
        this.breaker = redisFanoutBreaker;
        this.properties = properties;
        this.meters = meters;
        this.writes = Counter.builder("twitter.fanout.writes").description("timeline inserts sent to Valkey").register(meters);
        this.inserted = deliveries(meters, "inserted");
        this.skippedInactive = deliveries(meters, "inactive");
    }

    private static Counter deliveries(MeterRegistry meters, String result) {
        return Counter.builder("twitter.fanout.deliveries")
                .description("followers' timelines an entry was written to (inserted) or skipped because the owner is not active")
                .tag("result", result).register(meters);
    }

    /** {@code twitter_fanout_duration_seconds{tier=...}}: the time to fan one tweet out, and (its count) the tweets per tier. */
    private Timer duration(Tier tier) {
        return Timer.builder("twitter.fanout.duration").description("time to fan one tweet out").tag("tier", tier.tag())
                .publishPercentileHistogram().register(meters);
    }

    /**
     * What one fanout did, for the tweet's journey ({@link Journeys}): its tier, when the entry
     * was in the author's recent list, when the first follower's timeline had it (0: none was
     * written) and when the last one had, and how many followers it went through, wrote to, and
     * skipped as away. Epoch milliseconds.
     */
    record Distributed(Tier tier, long recentAt, long visibleAt, long doneAt, int followers, int written, int skipped) {
    }

    /** A new tweet or retweet by {@code sourceId}. Idempotent: a redelivery inserts nothing twice. */
    public Distributed distribute(TimelineEntry entry) {
        long started = System.nanoTime();
        long source = entry.sourceId();
        valkey(() -> timelines.pushToRecent(source, entry));
        long recentAt = System.currentTimeMillis();
        Tier tier = graph.tierOf(source);
        AtomicInteger followers = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong visibleAt = new AtomicLong();
        Function<List<Long>, CompletableFuture<Void>> insert = owners -> (tier == Tier.INFLUENCER
                ? timelines.pushToActive(owners, entry) : timelines.push(owners, entry)).thenAccept(pushed -> {
                    writes.increment(owners.size());
                    inserted.increment(pushed.inserted());
                    skippedInactive.increment(pushed.skippedInactive());
                    written.addAndGet(pushed.inserted());
                    skipped.addAndGet(pushed.skippedInactive());
                    if (pushed.inserted() > 0) {
                        visibleAt.compareAndSet(0, System.currentTimeMillis());
                    }
                });
        InFlight batches = new InFlight();
        batches.send(List.of(source), owner -> timelines.push(owner, entry).thenAccept(pushed -> inserted.increment(pushed.inserted())));
        if (tier != Tier.CELEBRITY) { // a celebrity's is pulled at read time
            graph.followers(source, properties.batchSize(), page -> {
                followers.addAndGet(page.size());
                batches.send(page, insert);
            });
        }
        batches.await();
        long doneAt = System.currentTimeMillis();
        duration(tier).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return new Distributed(tier, recentAt, visibleAt.get(), doneAt, followers.get(), written.get(), skipped.get());
    }

    /**
     * A deleted tweet (or undone retweet) leaves every cached timeline it was pushed to, and
     * the recent list. Readers filter deleted tweets too, so nothing stale shows meanwhile.
     */
    public void retract(long sourceId, long idToRemove) {
        valkey(() -> timelines.removeFromRecent(sourceId, idToRemove));
        Function<List<Long>, CompletableFuture<Void>> remove = owners -> timelines.removeTweet(owners, idToRemove);
        InFlight batches = new InFlight();
        batches.send(List.of(sourceId), remove);
        graph.followers(sourceId, properties.batchSize(), page -> batches.send(page, remove));
        batches.await();
    }

    /** A new follow: the followee's recent tweets join the follower's cached timeline (Mastodon's merge). */
    public void backfill(long followerId, long followeeId) {
        List<TimelineEntry> entries = breaker.executeSupplier(() -> timelines.recent(followeeId));
        if (entries == null) {
            entries = new ArrayList<>();
            for (long[] row : graph.recentActivity(followeeId, timelines.properties().recentSize())) {
                entries.add(row[0] == row[1] ? TimelineEntry.tweet(row[1], followeeId) : TimelineEntry.retweet(row[0], followeeId, row[1]));
            }
        }
        List<TimelineEntry> merged = entries;
        valkey(() -> {
            timelines.merge(followerId, merged);
            // graph-service renewed the stamp at commit; this covers a renewal it could not make
            timelines.renewFollowingStamp(followerId);
        });
    }

    /** An unfollow: everything that came from the followee leaves the follower's cached timeline. */
    public void unmerge(long followerId, long followeeId) {
        valkey(() -> {
            timelines.removeSource(followerId, followeeId);
            timelines.renewFollowingStamp(followerId);
        });
    }

    /**
     * The pipelined batches of one event that Valkey has not answered yet: a batch is sent as
     * soon as its page of followers is read, while the next page is read; at most
     * {@code max-in-flight} wait at a time (then the oldest is waited for). The event is done
     * (and its Kafka offset may be committed) only when every batch succeeded; the first failure
     * fails it, and the redelivery writes again what is missing (the inserts are idempotent).
     */
    private final class InFlight {

        private final Deque<CompletableFuture<Void>> pending = new ArrayDeque<>();

        void send(List<Long> owners, Function<List<Long>, CompletableFuture<Void>> write) {
            while (pending.size() >= properties.maxInFlight()) {
                join(pending.removeFirst());
            }
            pending.addLast(breaker.executeCompletionStage(() -> write.apply(owners)).toCompletableFuture());
        }

        void await() {
            while (!pending.isEmpty()) {
                join(pending.removeFirst());
            }
        }

        private static void join(CompletableFuture<Void> batch) {
            try {
                batch.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw e;
            }
        }
    }

    /**
     * Every Valkey call goes through the {@code redis-fanout} breaker: while Valkey fails, calls
     * fail fast and the Kafka error handler retries the event later instead of dropping it.
     */
    private void valkey(Runnable call) {
        breaker.executeRunnable(call);
    }
}
