package dev.twitterlike.common.ids;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnowflakeTest {

    @Test
    void idsIncreaseAndEncodeTheirCreationTime() {
        AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        Snowflake ids = new Snowflake(7, clock::get);
        long first = ids.nextId();
        clock.addAndGet(5);
        long second = ids.nextId();
        assertThat(second).isGreaterThan(first);
        assertThat(Snowflake.instantOf(first)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Snowflake.instantOf(second)).isEqualTo(Instant.parse("2026-01-01T00:00:00.005Z"));
        assertThat((first >> Snowflake.SEQUENCE_BITS) & Snowflake.MAX_WORKER).isEqualTo(7);
    }

    @Test
    void moreIdsThanTheSequenceHoldsInOneMillisecondStayUniqueAndOrdered() {
        AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        Snowflake ids = new Snowflake(1, clock::get);
        List<Long> made = IntStream.range(0, 10_000).mapToObj(i -> ids.nextId()).toList();
        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void clockMovingBackwardsNeitherFailsNorRepeatsNorGoesBack() {
        AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:10Z").toEpochMilli());
        Snowflake ids = new Snowflake(3, clock::get);
        long before = ids.nextId();
        clock.addAndGet(-5_000);
        long after = ids.nextId();
        long later = ids.nextId();
        assertThat(after).isGreaterThan(before);
        assertThat(later).isGreaterThan(after);
        assertThat(ids.clockWentBackCount()).isEqualTo(2);
        clock.addAndGet(10_000);
        assertThat(Snowflake.instantOf(ids.nextId())).isEqualTo(Instant.parse("2026-01-01T00:00:15Z"));
    }

    @Test
    void concurrentCallersNeverGetTheSameId() throws Exception {
        Snowflake ids = new Snowflake(2);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = IntStream.range(0, 8).mapToObj(t -> new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                seen.add(ids.nextId());
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).hasSize(8 * 20_000);
    }

    @Test
    void firstIdAtBoundsIdsMadeFromThatInstant() {
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        Snowflake ids = new Snowflake(1023, at::toEpochMilli);
        long id = ids.nextId();
        assertThat(id).isGreaterThanOrEqualTo(Snowflake.firstIdAt(at));
        assertThat(id).isLessThan(Snowflake.firstIdAt(at.plusMillis(1)));
        assertThat(new HashSet<>(List.of(id))).hasSize(1);
    }

    @Test
    void workerIdMustFitInTenBits() {
        assertThatThrownBy(() -> new Snowflake(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Snowflake(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
