package dev.twitterlike.common.web;

import dev.twitterlike.common.events.IncomingEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
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
import java.util.function.Function;

/**
 * The hub of the server-sent-event streams one instance holds, by user: the lifecycle every
 * stream endpoint shares, written once. A service declares one as a bean and says what to send
 * to whom; the hub does the rest. The limits ({@code twitter.streams}):
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
 *   <li>{@link #end(long)} ends all of a user's streams at once; {@link #endSession(String)} does
 *       it for a {@code session.ended} record (the services' listeners of that topic hand it
 *       here, so it is parsed in one place).</li>
 * </ul>
 * And the lifecycle: every stream starts with a {@code :connected} comment, {@link #heartbeat()}
 * sends a {@code :heartbeat} comment on each (so idle connections stay open through proxies),
 * a {@link Connection} serialises the sends of one stream and ends it when a send fails. A
 * stream leaves the registry when its emitter completes, times out or fails (the client went
 * away), and a user leaves it with their last stream, so its place is free again at once and
 * {@link #users()} holds only users connected now. As a {@link SmartLifecycle} bean the hub ends
 * every stream before the web server's graceful shutdown, which would otherwise wait for these
 * never-ending responses; clients reconnect (with {@code Last-Event-ID}) to another instance.
 *
 * @param <T> what the service keeps per stream (the {@link Connection} itself, or its own state around it)
 */
public final class LiveStreams<T> implements SmartLifecycle {

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

    /** A stream just admitted: the emitter for the controller to return, and the service's state of it. */
    public record Opened<T>(SseEmitter emitter, T stream) {
    }

    /** One client connection. Sends are serialised so an event's lines are never interleaved. */
    public static final class Connection {

        private final SseEmitter emitter;

        Connection(SseEmitter emitter) {
            this.emitter = emitter;
        }

        /** Sends one event; false, and the stream ends, when the client is gone. */
        public synchronized boolean send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
                return false;
            }
        }
    }

    private final class Entry {
        final long userId;
        final Connection connection;
        final T stream;
        final AtomicBoolean gone = new AtomicBoolean();

        Entry(long userId, Connection connection, T stream) {
            this.userId = userId;
            this.connection = connection;
            this.stream = stream;
        }
    }

    private final Map<Long, Set<Entry>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Limits limits;
    private volatile boolean running;

    public LiveStreams(Limits limits) {
        this.limits = limits;
    }

    /**
     * Admits a new stream of the user, or refuses it with a problem (429 over the user's limit,
     * 503 when this instance is full). {@code create} makes the service's state around the
     * connection; the stream has its {@code :connected} comment already.
     */
    public Opened<T> open(long userId, Function<Connection, T> create) {
        if (count.incrementAndGet() > limits.perInstance()) {
            count.decrementAndGet();
            throw refusal(HttpStatus.SERVICE_UNAVAILABLE, "streams-full",
                    "This server holds as many live streams as it can; try again shortly");
        }
        long lifetime = limits.lifetime().toMillis();
        SseEmitter emitter = new SseEmitter(lifetime - ThreadLocalRandom.current().nextLong(lifetime / 10 + 1));
        Connection connection = new Connection(emitter);
        Entry entry = new Entry(userId, connection, create.apply(connection));
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
        connection.send(SseEmitter.event().comment("connected"));
        return new Opened<>(emitter, entry.stream);
    }

    /** A {@code :heartbeat} comment on every stream (the services schedule it). */
    public void heartbeat() {
        byUser.values().forEach(set -> set.forEach(entry -> entry.connection.send(SseEmitter.event().comment("heartbeat"))));
    }

    /**
     * A {@code session.ended} record (graph-service's {@code GraphEvents.SessionEnded}, read by
     * every instance): ends that user's streams here. The browser's EventSource reconnects; the
     * gateway lets the streams of the user's other, still valid sessions back in and answers
     * the ended one with 401. A record without a valid {@code userId} is an
     * {@link dev.twitterlike.common.events.UnreadableEvent}.
     */
    public int endSession(String record) {
        return end(IncomingEvent.read(record).id("userId"));
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
            entry.connection.emitter.complete();
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

    /** Streams held, for the hubs' gauges. */
    public int size() {
        return count.get();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream before the web server's graceful shutdown (see the class comment). */
    @Override
    public void stop() {
        running = false;
        endAll();
    }

    @Override
    public boolean isRunning() {
        return running;
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
