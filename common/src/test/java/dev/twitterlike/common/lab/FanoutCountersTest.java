package dev.twitterlike.common.lab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The workers' published figures, one worker's and all of them together. */
class FanoutCountersTest {

    @Test
    void aWorkersFiguresReadBackFromWhatItPublished() {
        FanoutCounters mine = new FanoutCounters(10_000, 9_000, 500, 40, 3, 1, 7);
        PublishedCounters.Sample sample = PublishedCounters.decode("w1", PublishedCounters.encode(5, mine.values()));
        assertThat(FanoutCounters.of(sample)).isEqualTo(mine);
    }

    @Test
    void theWorkersTotalsAddUpButTheBacklogOfTheSharedGroupsIsTheLargestSeen() {
        PublishedCounters.Sample one = PublishedCounters.decode("w1",
                PublishedCounters.encode(5, new FanoutCounters(100, 90, 5, 4, 1, 0, 12).values()));
        PublishedCounters.Sample two = PublishedCounters.decode("w2",
                PublishedCounters.encode(6, new FanoutCounters(50, 40, 0, 2, 0, 1, 10).values()));
        assertThat(FanoutCounters.total(List.of(one, two))).isEqualTo(new FanoutCounters(150, 130, 5, 6, 1, 1, 12));
        assertThat(FanoutCounters.total(List.of())).isEqualTo(new FanoutCounters(0, 0, 0, 0, 0, 0, 0));
    }
}
