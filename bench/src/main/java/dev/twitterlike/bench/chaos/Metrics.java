package dev.twitterlike.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes every observation to the current fault's window and to the whole run's. The harness
 * swaps the current window at each fault; an actor never needs to know which fault is on.
 */
final class Metrics {

    /** A 5xx answer kept for the report: during which fault, to which request, what the body said. */
    record ServerError(java.time.Instant at, String window, int status, String request, String body) {
    }

    private static final int SAMPLES_PER_STATUS = 5;

    private final Window total = new Window("whole run");
    private final List<ServerError> samples = new ArrayList<>();
    private final AtomicReference<Window> current = new AtomicReference<>(new Window("start"));

    /** Starts a new window and returns the one it replaces (for the caller to close). */
    Window begin(String name) {
        return current.getAndSet(new Window(name));
    }

    Window current() {
        return current.get();
    }

    Window total() {
        return total;
    }

    /** A home read's outcome (its status was already counted by {@link #status}). */
    void read(int status, long micros) {
        boolean ok = status == 200;
        current.get().read(ok, micros);
        total.read(ok, micros);
    }

    void firstWriteAttempt(boolean acknowledged) {
        current.get().firstWriteAttempt(acknowledged);
        total.firstWriteAttempt(acknowledged);
    }

    void status(int status) {
        current.get().status(status);
        total.status(status);
    }

    /** Keeps the first few 5xx answers of each status, so the report can say which requests failed and why. */
    synchronized void serverError(int status, String request, String body) {
        if (samples.stream().filter(s -> s.status() == status).count() < SAMPLES_PER_STATUS) {
            String text = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            samples.add(new ServerError(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), current.get().name, status, request, text));
        }
    }

    synchronized List<ServerError> serverErrors() {
        return List.copyOf(samples);
    }
}
