package dev.twitterlike.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server-sent-event streams one instance holds, by user, with the limits every stream
 * endpoint shares ({@code twitter.streams}):
 * <ul>
 *   <li>at most {@code per-user} streams of one user on this instance (default 5): one more is a
 *       429 problem ({@code too-many-streams}) with {@code Retry-After};</li>
 *   <li>at most {@code per-instance} streams in all (default 4000, below Tomcat's 8192
 *       connections so that ordinary requests still get in): one more is a 503 problem
 *       ({@code streams-full}) with {@code Retry-After};</li>
 *   <li>every stream ends after its {@code lifetime} (default 15 min, less up to a tenth at
 *       random so that streams opened together do not reconnect together); the browser's
 *       EventSource reconnects by itself with {@code Last-Event-ID}, and the gateway checks the
 *       session again on that request;</li>
 *   <li>{@link #end(long)} ends all of a user's streams at once (their session ended).</li>
 * </ul>
 * A stream leaves the registry when its emitter completes, times out or fails (the client went
 * away), so its place is free again at once.
 *
 * @param <T> what the hub keeps per stream (the emitter itself, or a wrapper around it)
 */
public final class LiveStreams<T> {

    /**
     * @param perUser     streams one user may hold on one instance
     * @param perInstance streams one instance holds in all
     * @param lifetime    how long a stream lasts at most before the server ends it
     * @param retryAfter  the {@code Retry-After} of a refusal
     */
    @ConfigurationProperties("twitter.streams")
    public record Limits(Integer perUser, Integer perInstance, Duration lifetime, Duration retryAfter) {
        public Limits {
            perUser = perUser == null ? 5 : perUser;
            perInstance = perInstance == null ? 4000 : perInstance;
            lifetime = lifetime == null ? Duration.ofMinutes(15) : lifetime;
            retryAfter = retryAfter == null ? Duration.ofSeconds(30) : retryAfter;
            if (perUser < 1 || perInstance < 1 || lifetime.toMillis() < 1 || retryAfter.isNegative()) {
                throw new IllegalArgumentException("twitter.streams: per-user, per-instance and lifetime must be positive");
            }
        }
    }

    /** A stream just admitted: the emitter for the controller to return, and the hub's handle on it. */
    public record Opened<T>(SseEmitter emitter, T stream) {
    }

    private final class Entry {
        final long userId;
        final SseEmitter emitter;
        final T stream;
        final AtomicBoolean gone = new AtomicBoolean();

        Entry(long userId, SseEmitter emitter, T stream) {
            this.userId = userId;
            this.emitter = emitter;
            this.stream = stream;
        }
    }

    private final Map<Long, Set<Entry>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Limits limits;

    public LiveStreams(Limits limits) {
        this.limits = limits;
    }

    /**
     * Admits a new stream of the user, or refuses it with a problem (429 over the user's limit,
     * 503 when this instance is full). {@code create} makes the hub's state around the emitter.
     */
    public Opened<T> open(long userId, Function<SseEmitter, T> create) {
        if (count.incrementAndGet() > limits.perInstance()) {
            count.decrementAndGet();
            throw refusal(HttpStatus.SERVICE_UNAVAILABLE, "streams-full",
                    "This server holds as many live streams as it can; try again shortly");
        }
        long lifetime = limits.lifetime().toMillis();
        SseEmitter emitter = new SseEmitter(lifetime - ThreadLocalRandom.current().nextLong(lifetime / 10 + 1));
        Entry entry = new Entry(userId, emitter, create.apply(emitter));
        AtomicBoolean admitted = new AtomicBoolean();
        byUser.compute(userId, (id, set) -> {
            Set<Entry> mine = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (mine.size() < limits.perUser()) {
                mine.add(entry);
                admitted.set(true);
            }
            return mine.isEmpty() ? null : mine;
        });
        if (!admitted.get()) {
            count.decrementAndGet();
            throw refusal(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams",
                    "At most " + limits.perUser() + " live streams per user; close one (another tab) or try again later");
        }
        emitter.onCompletion(() -> remove(entry));
        emitter.onError(e -> remove(entry));
        // the lifetime is over: end the response normally, and the client reconnects
        emitter.onTimeout(() -> {
            remove(entry);
            emitter.complete();
        });
        return new Opened<>(emitter, entry.stream);
    }

    /** Ends every stream of the user here (their session ended); returns how many. */
    public int end(long userId) {
        Set<Entry> mine = byUser.get(userId);
        if (mine == null) {
            return 0;
        }
        List<Entry> ending = new ArrayList<>(mine);
        for (Entry entry : ending) {
            remove(entry);
            entry.emitter.complete();
        }
        return ending.size();
    }

    /** Ends every stream (shutdown): clients reconnect, with Last-Event-ID, to another instance. */
    public void endAll() {
        byUser.keySet().forEach(this::end);
    }

    /** Whether this instance holds a stream of the user. */
    public boolean holds(long userId) {
        return byUser.containsKey(userId);
    }

    /** The user's streams here (empty when none). */
    public Collection<T> of(long userId) {
        Set<Entry> mine = byUser.get(userId);
        return mine == null ? List.of() : mine.stream().map(e -> e.stream).toList();
    }

    /** The users with at least one stream here. */
    public Long[] users() {
        return byUser.keySet().toArray(Long[]::new);
    }

    public boolean isEmpty() {
        return byUser.isEmpty();
    }

    public void forEach(Consumer<T> action) {
        byUser.values().forEach(set -> set.forEach(entry -> action.accept(entry.stream)));
    }

    /** Streams held, for the hubs' gauges. */
    public int size() {
        return count.get();
    }

    private void remove(Entry entry) {
        if (!entry.gone.compareAndSet(false, true)) {
            return;
        }
        count.decrementAndGet();
        byUser.computeIfPresent(entry.userId, (id, set) -> {
            set.remove(entry);
            return set.isEmpty() ? null : set;
        });
    }

    private ErrorResponseException refusal(HttpStatus status, String type, String detail) {
        ErrorResponseException refused = Problems.of(status, type, detail);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limits.retryAfter().toSeconds())));
        return refused;
    }
}
