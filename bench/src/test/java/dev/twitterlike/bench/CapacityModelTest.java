package dev.twitterlike.bench;

import dev.twitterlike.bench.CapacityModel.Costs;
import dev.twitterlike.bench.CapacityModel.Fleet;
import dev.twitterlike.bench.CapacityModel.Followers;
import dev.twitterlike.bench.CapacityModel.Following;
import dev.twitterlike.bench.CapacityModel.History;
import dev.twitterlike.bench.CapacityModel.Plan;
import dev.twitterlike.bench.CapacityModel.Targets;
import dev.twitterlike.bench.CapacityModel.Tiers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

/** The capacity model's arithmetic (docs/scale.md), on graphs small enough to sum by hand. */
class CapacityModelTest {

    @Test
    void followerCountsAddUpToTheMeanAndNoAccountHasMoreFollowersThanThereAreOtherUsers() {
        for (long users : new long[] {1_000, 20_000, 1_000_000, 500_000_000}) {
            Followers f = Followers.of(users, 50, 1.1);
            assertThat(f.totalEdges() / users).as("mean at %d users", users).isCloseTo(50, within(1e-6));
            assertThat(f.at(1)).isLessThanOrEqualTo(users - 1);
        }
        // 1,000 users: the top accounts are followed by everyone else
        assertThat(Followers.of(1_000, 50, 1.1).at(1)).isGreaterThan(990);
    }

    @Test
    void aboveTheExactRanksTheIntegralGivesTheSumOneByOne() {
        Followers f = Followers.of(200_000, 30, 1.1);
        double byHand = 0;
        for (long r = 50_000; r <= 200_000; r++) {
            byHand += f.at(r);
        }
        assertThat(f.edges(50_000, 200_000)).isCloseTo(byHand, offset(byHand * 1e-6));
        assertThat(f.edges(1, 10) + f.edges(11, 200_000)).isCloseTo(f.totalEdges(), offset(1e-3));
    }

    @Test
    void theAccountsAboveAThresholdAreTheTopRanks() {
        Followers f = Followers.of(1_000_000, 50, 1.1);
        long n = f.accountsWithAtLeast(10_000);
        assertThat(f.at(n)).isGreaterThanOrEqualTo(10_000);
        assertThat(f.at(n + 1)).isLessThan(10_000);
        assertThat(f.accountsWithAtLeast(0)).isEqualTo(1_000_000);
        assertThat(f.accountsWithAtLeast(1_000_000)).isZero();
    }

    @Test
    void pushSendsEveryFollowOneCallAndPullMakesEveryReadFetchEveryFollowedAccount() {
        Targets t = Targets.design();
        Tiers push = CapacityModel.tiers(t.withThresholds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertThat(push.celebrities()).isZero();
        assertThat(push.pulledPerRead()).isZero();
        assertThat(push.callsPerTweet()).isCloseTo(50 + 1, within(1e-6)); // every follower and the author's own timeline
        assertThat(push.insertsPerTweet()).isCloseTo(50 * 0.2 + 1, within(1e-6)); // only cached timelines take it
        assertThat(push.entriesPerTimeline()).isEqualTo(800); // a long history fills every rebuilt timeline

        Tiers pull = CapacityModel.tiers(t.withThresholds(0, 0));
        assertThat(pull.callsPerTweet()).isEqualTo(1);
        assertThat(pull.pulledPerRead()).isCloseTo(50, within(1e-6));

        Tiers hybrid = CapacityModel.tiers(t);
        assertThat(hybrid.edgesCelebrity() + hybrid.edgesInfluencer() + hybrid.edgesNormal()).isCloseTo(t.users() * 50.0, offset(1.0));
        assertThat(hybrid.callsPerTweet()).isCloseTo((hybrid.edgesNormal() + hybrid.edgesInfluencer()) / t.users() + 1, within(1e-9));
        assertThat(hybrid.insertsPerTweet()).isLessThan(hybrid.callsPerTweet());
    }

    @Test
    void aShortHistoryFillsATimelineWithTheFollowedAccountsTweets() {
        assertThat(History.BENCH.meanOwn(20_000)).isCloseTo((200 * 30 + 1_800 * 10 + 18_000 * 2) / 20_000.0, within(1e-9));
        Followers f = Followers.of(20_000, 36, 1.1);
        double byHand = f.edges(1, 200) * 30 + f.edges(201, 2_000) * 10 + f.edges(2_001, 20_000) * 2;
        assertThat(History.BENCH.followedTweets(f, 1, 20_000)).isCloseTo(byHand, offset(byHand * 1e-9));
        // the follow counts' mean survives the cap at 1,000, and E[min(cap, a + bK)] is bounded by both
        Following following = new Following(36);
        assertThat(following.expectedCapped(0, 1, Double.MAX_VALUE)).isCloseTo(36, offset(36 * 0.02));
        assertThat(following.expectedCapped(3, 10, 800)).isLessThan(Math.min(800, 3 + 10 * 36.0)).isGreaterThan(3);
    }

    @Test
    void thePlanTurnsCostsIntoMachines() {
        Targets t = Targets.design();
        Costs costs = new Costs(Map.of("timeline-service", 1.0, "gateway", 0.5, "redis", 0.1), Map.of("timeline-service", 0.05),
                Map.of("tweet-service", 2.0), Map.of("fanout-worker", 5.0, "redis", 4.0), 100_000, 10, 39, 10, 500, 1_000, 200, 100, 300, 600, 100);
        Plan p = CapacityModel.plan(t, costs, Fleet.standard());
        assertThat(p.peakPostsPerSecond()).isCloseTo(500e6 / 86_400 * 2, within(1e-6));
        // 100 M cached timelines x 800 entries x 10 bytes
        assertThat(p.valkeyGb().get("home timelines")).isCloseTo(800, within(1e-6));
        assertThat(p.valkeyGb().get("cached tweets")).isCloseTo(500e6 * 3 * 500 / 1e9, within(1e-6));
        // timeline-service: 300 K reads x (1 ms + pulled x 0.05 ms), on 4-core instances at 60 %
        double cores = 300_000 * (1.0 + p.tiers().pulledPerRead() * 0.05) / 1e3;
        assertThat(p.cores().get("timeline-service")).isCloseTo(cores, within(1e-6));
        assertThat(p.instances().get("timeline-service")).isEqualTo((int) Math.ceil(cores / 2.4));
        assertThat(p.instances().get("gateway")).isEqualTo((int) Math.ceil(150 / 2.4));
        // Valkey: its read share, and every fanout call at 4 us
        assertThat(p.valkeyOpsCores()).isCloseTo(30 + p.callsPerSecond() * 4e-6, within(1e-6));
        assertThat(p.valkeyMasters()).isGreaterThanOrEqualTo((int) Math.ceil(p.valkeyOpsCores() / 0.6));
        assertThat(p.valkeyNodes()).isEqualTo(2 * p.valkeyMasters());
        // a year of tweets at 200 bytes a row (measured at 100 characters, the plan's length too)
        assertThat(p.pgTb().get("tweets")).isCloseTo(500e6 * 365 * 200 / 1e12, within(1e-6));
        assertThat(p.pgTb().get("follows")).isCloseTo(500e6 * 50 * 100 / 1e12, within(1e-6));
        assertThat(p.pgShards()).isEqualTo((int) Math.ceil(p.pgTb().values().stream().mapToDouble(Double::doubleValue).sum() / 2));
    }

    @Test
    void aHigherCelebrityThresholdPushesMoreAndPullsLess() {
        Targets t = Targets.design();
        Tiers low = CapacityModel.tiers(t.withThresholds(10_000, 10_000));
        Tiers high = CapacityModel.tiers(t.withThresholds(10_000, 10_000_000));
        assertThat(high.callsPerTweet()).isGreaterThan(low.callsPerTweet());
        assertThat(high.pulledPerRead()).isLessThan(low.pulledPerRead());
        assertThat(high.celebrities()).isLessThan(low.celebrities());
    }
}
