package dev.twitterlike.bench.chaos;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes every observation to the current fault's window and to the whole run's. The harness
 * swaps the current window at each fault; an actor never needs to know which fault is on.
 */
final class Metrics {

    private final Window total = new Window("whole run");
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
}
