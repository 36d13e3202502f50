package dev.twitterlike.bench.chaos;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A client's write discipline: send, and if the answer is not an acknowledgement send the same
 * request again (the same Idempotency-Key for posts; likes are idempotent by themselves) until
 * it is. What counts for the thresholds is whether the first attempt was acknowledged.
 */
final class Writes {

    enum Result { ACKNOWLEDGED, REJECTED, ABANDONED }

    record Outcome(Result result, Http.Reply last, int attempts) {
        boolean acknowledged() {
            return result == Result.ACKNOWLEDGED;
        }
    }

    private final Metrics metrics;
    /** True while the workload runs; after it stops, a write still in flight gets {@link #GRACE_NANOS} more. */
    private final BooleanSupplier running;
    private volatile long giveUpAt = Long.MAX_VALUE;
    private static final long GRACE_NANOS = 120_000_000_000L;

    Writes(Metrics metrics, BooleanSupplier running) {
        this.metrics = metrics;
        this.running = running;
    }

    /** Called when the load stops: writes still retrying get two more minutes to be acknowledged. */
    void stopping() {
        giveUpAt = System.nanoTime() + GRACE_NANOS;
    }

    Outcome untilAcknowledged(User user, Supplier<Http.Reply> attempt, Predicate<Http.Reply> acknowledged) {
        long backoff = 200;
        for (int attempts = 1; ; attempts++) {
            Http.Reply reply = attempt.get();
            boolean ok = acknowledged.test(reply);
            if (attempts == 1) {
                metrics.firstWriteAttempt(ok);
            }
            if (ok) {
                return new Outcome(Result.ACKNOWLEDGED, reply, attempts);
            }
            if (reply.status() == 401) {
                user.signIn();
            } else if (!retryable(reply.status())) {
                // 400, 403, 404, 422 ...: the request itself was refused; sending it again cannot help
                return new Outcome(Result.REJECTED, reply, attempts);
            }
            if (!running.getAsBoolean() && System.nanoTime() > giveUpAt) {
                return new Outcome(Result.ABANDONED, reply, attempts);
            }
            User.pause(backoff);
            backoff = Math.min(2_000, backoff * 3 / 2);
        }
    }

    /** No answer, a 5xx, 401 (sign in again), 409 (the same key still in flight), 408 and 429. */
    private static boolean retryable(int status) {
        return status == Http.NO_ANSWER || status >= 500 || status == 401 || status == 408 || status == 409 || status == 429;
    }
}
