package dev.twitterlike.notification;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.devstack.SseConnection;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream's lifetime (3 s here, 15 min by default): the server ends it, and a reconnect with Last-Event-ID resumes. */
@TestPropertySource(properties = "twitter.streams.lifetime=3s")
class NotificationStreamLifetimeTest extends NotificationTestSupport {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void theServerEndsAStreamAtItsLifetimeAndAReconnectWithLastEventIdGetsWhatWasMissed() throws Exception {
        long me = user();
        for (int i = 0; i < 2; i++) {
            long follower = user();
            publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
        }
        awaitCount(me, 2);
        List<String> newestFirst = ids(me);
        String last;
        try (SseConnection stream = open(me, Long.parseLong(newestFirst.get(1)))) {
            long opened = System.nanoTime();
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next("event:notification", SOON)).isNotNull();
            last = stream.next("id:", SOON);
            assertThat(last).isEqualTo("id:" + newestFirst.get(0));

            assertThat(stream.endsWithin(Duration.ofSeconds(10))).as("ended by the server").isTrue();
            long lasted = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertThat(lasted).as("lasted its lifetime, less at most a tenth").isBetween(2_600L, 6_000L);
        }

        // made while the client reconnects
        long follower = user();
        publish(Topics.FOLLOW_NEW, follower, follow(follower, me));
        awaitCount(me, 3);
        try (SseConnection again = open(me, Long.parseLong(last.substring("id:".length())))) {
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.next("event:notification", SOON)).isNotNull();
            assertThat(again.next("id:", SOON)).isEqualTo("id:" + ids(me).get(0));
        }
    }
}
