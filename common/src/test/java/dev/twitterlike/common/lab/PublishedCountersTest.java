package dev.twitterlike.common.lab;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text of one instance's field in a published-counters hash. */
class PublishedCountersTest {

    @Test
    void aFieldReadsBackAsTheValuesAndTimeItWasWrittenWith() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("writes", 12_345L);
        values.put("tweets.normal", 7L);
        String text = PublishedCounters.encode(1_700_000_000_000L, values);
        assertThat(text).isEqualTo("at=1700000000000,writes=12345,tweets.normal=7");
        PublishedCounters.Sample sample = PublishedCounters.decode("a1b2c3d4", text);
        assertThat(sample.instance()).isEqualTo("a1b2c3d4");
        assertThat(sample.at()).isEqualTo(1_700_000_000_000L);
        assertThat(sample.values()).isEqualTo(values);
        assertThat(sample.value("missing")).isZero();
    }

    @Test
    void aFieldThisClassDidNotWriteIsIgnored() {
        assertThat(PublishedCounters.decode("x", "hello")).isNull();
        assertThat(PublishedCounters.decode("x", "writes=3")).as("no time").isNull();
        assertThat(PublishedCounters.decode("x", "at=1,writes=three")).isNull();
    }

    @Test
    void aNameThatWouldBreakTheFormatIsRefused() {
        assertThatThrownBy(() -> PublishedCounters.encode(1, Map.of("a,b", 1L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishedCounters.encode(1, Map.of("a=b", 1L))).isInstanceOf(IllegalArgumentException.class);
    }
}
