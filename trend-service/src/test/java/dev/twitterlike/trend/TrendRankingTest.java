package dev.twitterlike.trend;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Ranking: distinct authors over volume, decay with age, velocity and rising, location lists. */
class TrendRankingTest extends TrendIntegrationTest {

    @Test
    void fiftyPeopleUsingATagOnceOutrankOneAccountPostingItTwoHundredTimes() {
        String where = location("crowd");
        String crowd = tag("crowd");
        String spam = tag("spam");
        List<Long> people = users(50, where);
        long spammer = users(1, where).get(0);
        tweetsByEach(people, Instant.now(), crowd);
        tweetsByEach(Collections.nCopies(200, spammer), Instant.now(), spam);

        JsonNode local = awaitCounts("/api/trends/" + where, Map.of(crowd, 50L, spam, 200L));
        assertThat(hashtags(local)).containsExactly(crowd, spam);
        JsonNode first = local.path("items").get(0);
        JsonNode second = local.path("items").get(1);
        // a HyperLogLog estimate (Valkey's: 0.81 % standard error at large counts, more at small
        // ones, and the window's minute HLLs are merged when the tweets straddle a minute): 50
        // random author ids have read as 48 to 51
        assertThat(first.path("uniqueAuthors").asLong()).isBetween(47L, 53L);
        assertThat(second.path("uniqueAuthors").asLong()).isEqualTo(1);
        assertThat(second.path("tweetCount").asLong()).as("tweetCount stays the raw count").isEqualTo(200);
        // one author counts once per minute bucket, however many tweets
        assertThat(second.path("score").asDouble()).isLessThanOrEqualTo(2.0);
        assertThat(first.path("score").asDouble()).isGreaterThan(40.0);

        JsonNode global = awaitList("/api/trends?limit=50", list -> find(list, crowd).isPresent() && find(list, spam).isPresent());
        assertThat(hashtags(global).indexOf(crowd)).isLessThan(hashtags(global).indexOf(spam));
    }

    @Test
    void aTrendHasTheApiShapeAndLimitCutsTheList() {
        String where = location("shape");
        String a = tag("shapea");
        String b = tag("shapeb");
        tweetsByEach(users(3, where), Instant.now(), a, b);
        // fresh, as a list is whenever Valkey answers (a read that failed on a loaded machine
        // gets the same list marked stale: TrendDegradationTest)
        JsonNode list = awaitList("/api/trends/" + where, l -> hashtags(l).size() == 2 && !l.path("stale").asBoolean());
        JsonNode trend = list.path("items").get(0);
        assertThat(new ArrayList<>(trend.propertyNames()))
                .containsExactlyInAnyOrder("hashtag", "score", "tweetCount", "uniqueAuthors", "velocity", "rising");
        assertThat(Instant.parse(list.path("updatedAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(trends("/api/trends/" + where + "?limit=1").path("items").size()).isEqualTo(1);
        assertThat(trends("/api/trends/" + location("nobody")).path("items").size()).isZero();
    }

    @Test
    void olderBucketsWeighLessByPointNineFivePerMinute() {
        String where = location("decay");
        String old = tag("old");
        String fresh = tag("fresh");
        Instant halfAnHourAgo = Instant.now().minus(Duration.ofMinutes(30));
        tweetsByEach(users(5, where), halfAnHourAgo, old);
        tweetsByEach(users(5, where), Instant.now(), fresh);

        JsonNode list = awaitCounts("/api/trends/" + where, Map.of(old, 5L, fresh, 5L));
        assertThat(hashtags(list)).containsExactly(fresh, old);
        double oldScore = find(list, old).orElseThrow().path("score").asDouble();
        double freshScore = find(list, fresh).orElseThrow().path("score").asDouble();
        // 5 x 0.95^age, the age in whole minutes (30, or 31 if a minute turned meanwhile)
        assertThat(oldScore).isBetween(5 * Math.pow(0.95, 31) - 0.001, 5 * Math.pow(0.95, 30) + 0.001);
        assertThat(freshScore).isBetween(5 * 0.95 - 0.001, 5.0);
        assertThat(find(list, old).orElseThrow().path("tweetCount").asLong()).isEqualTo(5);
    }

    @Test
    void velocityComparesThisHourWithThePreviousOneAndRisingNeedsEnoughAuthors() {
        String where = location("velocity");
        String surging = tag("surging");
        String steady = tag("steady");
        String brandNew = tag("brandnew");
        String quiet = tag("quiet");
        Instant previousHour = Instant.now().minus(Duration.ofMinutes(90));
        Instant now = Instant.now();
        tweetsByEach(users(4, where), previousHour, surging, steady);
        tweetsByEach(users(12, where), now, surging, brandNew);
        tweetsByEach(users(4, where), now, steady);
        tweetsByEach(users(2, where), now, quiet);

        // tweetCount covers the last 60 minutes only: the previous hour's tweets are not in it
        JsonNode list = awaitCounts("/api/trends/" + where, Map.of(surging, 12L, steady, 4L, brandNew, 12L, quiet, 2L));
        JsonNode s = find(list, surging).orElseThrow();
        assertThat(s.path("velocity").asDouble()).as("(12 - 4) / 4").isCloseTo(2.0, within(0.001));
        assertThat(s.path("rising").asBoolean()).isTrue();

        JsonNode st = find(list, steady).orElseThrow();
        assertThat(st.path("velocity").asDouble()).isZero();
        assertThat(st.path("rising").asBoolean()).isFalse();

        JsonNode n = find(list, brandNew).orElseThrow();
        assertThat(n.path("velocity").isNull()).as("Infinity: nothing the hour before, more than 10 now").isTrue();
        assertThat(n.path("rising").asBoolean()).isTrue();

        JsonNode q = find(list, quiet).orElseThrow();
        assertThat(q.path("velocity").asDouble()).as("nothing before, 10 or fewer now: 0").isZero();
        assertThat(q.path("rising").asBoolean()).isFalse();
    }

    @Test
    void aLocationsListCountsOnlyAuthorsWithThatLocationKey() {
        String here = location("here");
        String there = location("there");
        String shared = tag("shared");
        String elsewhere = tag("elsewhere");
        tweetsByEach(users(3, here), Instant.now(), shared);
        tweetsByEach(users(5, there), Instant.now(), shared, elsewhere);
        tweetsByEach(users(4, null), Instant.now(), shared);

        JsonNode global = awaitCount("/api/trends?limit=50", shared, 12);
        assertThat(find(global, shared).orElseThrow().path("uniqueAuthors").asLong()).isEqualTo(12);
        JsonNode local = awaitCount("/api/trends/" + here, shared, 3);
        assertThat(hashtags(local)).containsExactly(shared);
        assertThat(find(local, shared).orElseThrow().path("uniqueAuthors").asLong()).isEqualTo(3);
        JsonNode other = awaitCount("/api/trends/" + there, shared, 5);
        assertThat(hashtags(other)).containsExactlyInAnyOrder(shared, elsewhere);
    }
}
