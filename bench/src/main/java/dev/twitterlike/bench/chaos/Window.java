package dev.twitterlike.bench.chaos;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workload saw during one stretch of the run (a fault, from the kill until the part is
 * ready again and the load has settled; or the whole run). Actors record into it from many
 * threads; {@link #close()} freezes it into a {@link Summary}.
 */
final class Window {

    /** The figures of one window, for the report's table. */
    record Summary(String name, long readsOk, long readsFailed, long writesFirstTry, long writes,
            Histogram readLatency, Map<Integer, Long> serverErrors, long noAnswer) {

        double readSuccessPercent() {
            return percent(readsOk, readsOk + readsFailed);
        }

        double writeFirstTryPercent() {
            return percent(writesFirstTry, writes);
        }

        double readP99Millis() {
            return readLatency.getTotalCount() == 0 ? 0 : readLatency.getValueAtPercentile(99) / 1000.0;
        }

        long count500() {
            return serverErrors.getOrDefault(500, 0L);
        }

        private static double percent(long part, long whole) {
            return whole == 0 ? 100.0 : 100.0 * part / whole;
        }
    }

    final String name;
    private final Recorder readLatency = new Recorder(3);
    private final LongAdder readsOk = new LongAdder();
    private final LongAdder readsFailed = new LongAdder();
    private final LongAdder writesFirstTry = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder noAnswer = new LongAdder();
    private final Map<Integer, LongAdder> serverErrors = new ConcurrentHashMap<>();

    Window(String name) {
        this.name = name;
    }

    void read(boolean ok, long micros) {
        (ok ? readsOk : readsFailed).increment();
        readLatency.recordValue(Math.min(micros, 3_600_000_000L));
    }

    /** A write operation's first attempt: acknowledged at once, or not (it is then retried). */
    void firstWriteAttempt(boolean acknowledged) {
        writes.increment();
        if (acknowledged) {
            writesFirstTry.increment();
        }
    }

    /** Every answer of every request (reads, writes, sign-ins): 5xx by code, and no answer at all. */
    void status(int status) {
        if (status == Http.NO_ANSWER) {
            noAnswer.increment();
        } else if (status >= 500) {
            serverErrors.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    Summary close() {
        Map<Integer, Long> errors = new TreeMap<>();
        serverErrors.forEach((status, count) -> errors.put(status, count.sum()));
        return new Summary(name, readsOk.sum(), readsFailed.sum(), writesFirstTry.sum(), writes.sum(),
                readLatency.getIntervalHistogram(), errors, noAnswer.sum());
    }
}
