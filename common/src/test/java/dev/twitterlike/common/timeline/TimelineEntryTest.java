package dev.twitterlike.common.timeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached timeline's entry format, shared by fanout-worker (writes) and timeline-service (reads). */
class TimelineEntryTest {

    @Test
    void aTweetIsSortedByItsOwnIdAndRemovedWithItsAuthor() {
        TimelineEntry tweet = TimelineEntry.tweet(5, 7);
        assertThat(tweet.encode()).isEqualTo("5:7");
        assertThat(tweet.isRetweet()).isFalse();
        assertThat(TimelineEntry.decode("5:7")).isEqualTo(tweet).isEqualTo(new TimelineEntry(5, 7, 5));
    }

    @Test
    void aRetweetIsSortedByTheRetweetsIdAndCarriesTheOriginal() {
        TimelineEntry retweet = TimelineEntry.retweet(9, 7, 5);
        assertThat(retweet.encode()).isEqualTo("9:7:5");
        assertThat(retweet.isRetweet()).isTrue();
        assertThat(TimelineEntry.decode("9:7:5")).isEqualTo(retweet);
    }

    @Test
    void everyEntryComesBackAsItWasWrittenEvenAtTheLargestIds() {
        for (TimelineEntry entry : new TimelineEntry[] {TimelineEntry.tweet(Long.MAX_VALUE, Long.MAX_VALUE - 1),
                TimelineEntry.retweet(Long.MAX_VALUE, 1, Long.MAX_VALUE - 1), TimelineEntry.tweet(1, 1)}) {
            assertThat(TimelineEntry.decode(entry.encode())).isEqualTo(entry);
        }
    }

    @Test
    void theSentinelIsAnEntryThatSortsLast() {
        TimelineEntry sentinel = TimelineEntry.decode(TimelineEntry.SENTINEL);
        assertThat(sentinel).isEqualTo(new TimelineEntry(0, 0, 0));
        assertThat(sentinel.isRetweet()).isFalse();
        assertThat(sentinel.encode()).isEqualTo(TimelineEntry.SENTINEL);
        assertThat(sentinel.sortId()).isLessThan(TimelineEntry.tweet(1, 1).sortId());
    }

    @Test
    void aBareIdIsATweetOfAnUnknownAuthor() {
        TimelineEntry bare = TimelineEntry.decode("12345");
        assertThat(bare).isEqualTo(new TimelineEntry(12345, 0, 12345));
        assertThat(bare.isRetweet()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1:x", "1:2:y", "99999999999999999999:1", ":1"})
    void aValueThatIsNotAnEntryIsRefused(String value) {
        assertThatThrownBy(() -> TimelineEntry.decode(value)).isInstanceOf(NumberFormatException.class);
    }
}
