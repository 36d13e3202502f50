package dev.twitterlike.common.web;

import dev.twitterlike.common.events.UnreadableEvent;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits both stream hubs share; over HTTP each hub's own tests show them (HomeStreamTest, NotificationStreamTest). */
class LiveStreamsTest {

    @Test
    void defaultsAreFivePerUserFourThousandPerInstanceAndFifteenMinutes() {
        LiveStreams.Limits limits = new LiveStreams.Limits(null, null, null, null);
        assertThat(limits.perUser()).isEqualTo(5);
        assertThat(limits.perInstance()).isEqualTo(4000);
        assertThat(limits.lifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(limits.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theInstanceCapIsA503WithRetryAfterAndAnEndedUserFreesTheirPlaces() {
        LiveStreams<String> streams = new LiveStreams<>(new LiveStreams.Limits(5, 3, Duration.ofMinutes(1), Duration.ofSeconds(7)));
        streams.open(1, e -> "a");
        streams.open(1, e -> "b");
        streams.open(2, e -> "c");
        assertThatThrownBy(() -> streams.open(3, e -> "d"))
                .isInstanceOfSatisfying(ErrorResponseException.class, refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.getBody().getType().toString()).endsWith("/streams-full");
                    assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("7");
                });
        assertThat(streams.size()).isEqualTo(3);

        assertThat(streams.end(1)).isEqualTo(2);
        assertThat(streams.holds(1)).isFalse();
        assertThat(streams.of(2)).containsExactly("c");
        streams.open(3, e -> "d");
        assertThat(streams.size()).isEqualTo(2);
    }

    @Test
    void racingOpensOfOneUserNeverAdmitMoreThanTheLimit() throws Exception {
        LiveStreams<Integer> streams = new LiveStreams<>(new LiveStreams.Limits(5, 4000, Duration.ofMinutes(1), null));
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            tasks.add(() -> {
                try {
                    start.await();
                    streams.open(42, e -> n);
                } catch (ErrorResponseException e) {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    refused.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        tasks.forEach(pool::execute);
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(streams.of(42)).hasSize(5);
        assertThat(refused).hasValue(59);
        assertThat(streams.size()).isEqualTo(5);
    }

    @Test
    void aSessionEndedRecordEndsThatUsersStreamsAndShutdownEndsTheRestLeavingNoUserBehind() {
        LiveStreams<String> streams = new LiveStreams<>(new LiveStreams.Limits(5, 100, Duration.ofMinutes(1), null));
        streams.start();
        streams.open(1, e -> "a");
        streams.open(1, e -> "b");
        streams.open(2, e -> "c");
        assertThat(streams.users()).containsExactlyInAnyOrder(1L, 2L);

        assertThat(streams.endSession("{\"type\":\"session.ended\",\"payload\":{\"userId\":\"1\"}}")).isEqualTo(2);
        assertThat(streams.users()).containsExactly(2L);
        assertThatThrownBy(() -> streams.endSession("{\"type\":\"session.ended\",\"payload\":{}}"))
                .as("no user id is a dead letter, not user 0").isInstanceOf(UnreadableEvent.class);

        assertThat(streams.isRunning()).isTrue();
        streams.stop();
        assertThat(streams.isRunning()).isFalse();
        assertThat(streams.users()).isEmpty();
        assertThat(streams.size()).isZero();
    }
}
