package dev.twitterlike.trend;

import org.junit.jupiter.api.Order;
import dev.twitterlike.devstack.DevStack;
import dev.twitterlike.devstack.ServiceClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Valkey away: the last good lists, marked stale, never an error; bad input: 400 problem JSON. */
// before TrendServiceContractTest (MAX_VALUE): that one starts and stops a second instance in the
// same consumer groups, which must not take this test's events while it shuts down
@Order(Integer.MAX_VALUE - 1)
class TrendDegradationTest extends TrendIntegrationTest {

    @Test
    void withValkeyDownTheLastGoodListIsServedStaleAndFreshAgainAfter() {
        String where = location("outage");
        String tag = tag("outage");
        tweetsByEach(users(3, where), Instant.now(), tag);
        JsonNode good = awaitList("/api/trends/" + where, l -> !l.path("stale").asBoolean()
                && find(l, tag).map(t -> t.path("tweetCount").asLong() == 3).orElse(false));
        awaitList("/api/trends?limit=50", l -> find(l, tag).isPresent() && !l.path("stale").asBoolean());

        DevStack.get().restartRedis(() -> {
            for (int i = 0; i < 4; i++) { // through the failing calls, then the open breaker
                JsonNode stale = trends("/api/trends/" + where);
                assertThat(stale.path("stale").asBoolean()).isTrue();
                assertThat(hashtags(stale)).isEqualTo(hashtags(good));
                assertThat(stale.path("updatedAt").asString()).isNotBlank();
            }
            JsonNode global = trends("/api/trends?limit=50");
            assertThat(global.path("stale").asBoolean()).isTrue();
            assertThat(find(global, tag)).isPresent();
            JsonNode unknown = trends("/api/trends/" + location("never"));
            assertThat(unknown.path("items").size()).isZero();
        });

        // Valkey came back empty: the buckets are rebuilt from PostgreSQL and the list is fresh again
        JsonNode back = awaitList("/api/trends/" + where, l -> !l.path("stale").asBoolean() && find(l, tag).isPresent());
        assertThat(find(back, tag).orElseThrow().path("tweetCount").asLong()).isEqualTo(3);
    }

    @Test
    void badLimitsAndLocationsAreProblemJson400s() {
        for (String path : new String[] {"/api/trends?limit=0", "/api/trends?limit=abc", "/api/trends?limit=51",
                "/api/trends/san-francisco-ca?limit=-1", "/api/trends/San-Francisco", "/api/trends/san%20francisco",
                "/api/trends/san--francisco", "/api/trends/-sf", "/api/trends/sf_ca", "/api/trends/" + "a".repeat(31)}) {
            ServiceClient.Response response = client.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body().path("status").asInt()).isEqualTo(400);
        }
        assertThat(client.get("/api/trends/san-francisco-ca?limit=50", null).status()).isEqualTo(200);
        assertThat(client.get("/api/trends/s\u00e3o-paulo-br".replace("\u00e3", "%C3%A3"), null).status()).isEqualTo(200);
        assertThat(client.get("/api/trends", null).status()).isEqualTo(200);
    }

    @Test
    void countingAndComputationAreMeasured() {
        String where = location("metrics");
        String tag = tag("metrics");
        tweetsByEach(users(1, where), Instant.now(), tag);
        awaitCount("/api/trends/" + where, tag, 1);
        String metrics = client.get("/actuator/prometheus", null).text();
        assertThat(metrics).contains("twitter_trends_events_total{").contains("type=\"created\"")
                .contains("twitter_trends_computation_duration_seconds_count")
                .contains("resilience4j_circuitbreaker_state{").contains("name=\"redis-trends\"")
                // what /ready says, for observability/rules.yml (ServiceNotReady)
                .containsPattern("(?m)^twitter_ready\\{[^}]*application=\"trend-service\"[^}]*\\} 1\\.0$");
    }
}
