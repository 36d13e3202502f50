package dev.twitterlike.common.ids;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Time-ordered 64-bit ids made without a database round trip:
 * 41 bits of milliseconds since {@link #EPOCH}, 10 bits of worker id, 12 bits of sequence.
 * Ordering by id is ordering by creation time (to the millisecond, across workers), which
 * lets timelines merge sorted id lists instead of sorting by timestamp.
 *
 * <p>If the wall clock moves backwards (NTP step, VM migration) the generator does not fail
 * or wait: it keeps issuing ids from the last timestamp it used, borrowing sequence numbers
 * and, when those run out, the next millisecond. Ids stay unique and increasing; they only
 * run slightly ahead of the clock until it catches up.
 */
public final class Snowflake {

    /** 2024-01-01T00:00:00Z: 41 bits of milliseconds last until the year 2093. */
    public static final long EPOCH = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    public static final int WORKER_BITS = 10;
    public static final int SEQUENCE_BITS = 12;
    public static final long MAX_WORKER = (1L << WORKER_BITS) - 1;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final long workerId;
    private final LongSupplier clock;
    /** The last id issued: one CAS keeps the generator lock-free and safe across threads. */
    private final AtomicLong last = new AtomicLong();
    private final AtomicLong clockWentBack = new AtomicLong();

    public Snowflake(long workerId) {
        this(workerId, System::currentTimeMillis);
    }

    public Snowflake(long workerId, LongSupplier clock) {
        if (workerId < 0 || workerId > MAX_WORKER) {
            throw new IllegalArgumentException("worker id must be within 0.." + MAX_WORKER + ", was " + workerId);
        }
        this.workerId = workerId;
        this.clock = clock;
    }

    public long nextId() {
        while (true) {
            long previous = last.get();
            long previousTime = timestampOf(previous);
            long now = clock.getAsLong() - EPOCH;
            long time;
            long sequence;
            if (now > previousTime) {
                time = now;
                sequence = 0;
            } else {
                if (now < previousTime) {
                    clockWentBack.incrementAndGet();
                }
                // same millisecond, or the clock went back: continue after the last id
                sequence = (sequenceOf(previous) + 1) & SEQUENCE_MASK;
                time = sequence == 0 ? previousTime + 1 : previousTime;
            }
            long id = (time << (WORKER_BITS + SEQUENCE_BITS)) | (workerId << SEQUENCE_BITS) | sequence;
            if (last.compareAndSet(previous, id)) {
                return id;
            }
        }
    }

    /** How often the generator saw the clock move backwards (exported as a metric by services). */
    public long clockWentBackCount() {
        return clockWentBack.get();
    }

    public long workerId() {
        return workerId;
    }

    /** The creation time encoded in an id. */
    public static Instant instantOf(long id) {
        return Instant.ofEpochMilli(EPOCH + timestampOf(id));
    }

    /**
     * The smallest id that could have been made at the given instant: ids greater than or
     * equal to it are no older than it ("tweets since" queries by id).
     */
    public static long firstIdAt(Instant instant) {
        return Math.max(0, instant.toEpochMilli() - EPOCH) << (WORKER_BITS + SEQUENCE_BITS);
    }

    static long timestampOf(long id) {
        return id >>> (WORKER_BITS + SEQUENCE_BITS);
    }

    static long sequenceOf(long id) {
        return id & SEQUENCE_MASK;
    }
}
