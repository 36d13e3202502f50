package dev.twitterlike.common.lab;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The journey hash the worker writes is the journey the timeline service reads back. */
class FanoutJourneyTest {

    @Test
    void aJourneyReadsBackFromItsHash() {
        FanoutJourney journey = new FanoutJourney("influencer", 1_000, 1_004, 1_005, 1_009, 1_020, 1_200, 900, 250);
        assertThat(FanoutJourney.fromHash(journey.toHash())).isEqualTo(journey);
        assertThat(journey.toHash()).containsEntry("tier", "influencer").containsEntry("skipped", "250");
    }

    @Test
    void noHashIsNoJourney() {
        assertThat(FanoutJourney.fromHash(Map.of())).isNull();
        assertThat(FanoutJourney.fromHash(null)).isNull();
    }

    @Test
    void eachTweetHasItsOwnKeyTaggedByItsId() {
        assertThat(FanoutJourney.key(42)).isEqualTo("journey:{42}").isNotEqualTo(FanoutJourney.key(43));
    }
}
