package dev.twitterlike.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakersTest {

    private final Breakers breakers = new Breakers(new SimpleMeterRegistry());

    @Test
    void valkeyFailuresInARowOpenTheBreaker() {
        CircuitBreaker breaker = breakers.consecutiveFailures("valkey", 5, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                throw new RedisConnectionFailureException("Valkey away");
            })).isInstanceOf(RedisConnectionFailureException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void failuresOfPostgresInsideTheGuardedCallDoNotOpenIt() {
        CircuitBreaker breaker = breakers.consecutiveFailures("valkey-and-a-rebuild", 5, Duration.ofSeconds(30));
        for (int i = 0; i < 20; i++) {
            // what JdbcClient throws when Hikari's pool has no connection in time
            assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                throw new CannotGetJdbcConnectionException("pool exhausted",
                        new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms"));
            })).isInstanceOf(CannotGetJdbcConnectionException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        // a timeout without a SQL cause (Lettuce's command timeout) still counts
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                throw new QueryTimeoutException("Redis command timed out");
            })).isInstanceOf(QueryTimeoutException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void anExhaustedPoolOfValkeyConnectionsDoesNotOpenItButAFailedConnectStillDoes() {
        CircuitBreaker breaker = breakers.consecutiveFailures("valkey-pool", 5, Duration.ofSeconds(30));
        for (int i = 0; i < 20; i++) {
            // what Spring Data Redis throws when commons-pool2's borrow times out
            assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                throw new RedisConnectionFailureException("Unable to connect to Redis",
                        new PoolException("Could not get a resource from the pool",
                                new NoSuchElementException("Timeout waiting for idle object, borrowMaxWaitDuration=PT1S")));
            })).isInstanceOf(RedisConnectionFailureException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        // the pool could not open a connection: Valkey is away, and that counts
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                throw new RedisConnectionFailureException("Unable to connect to Redis",
                        new PoolException("Could not get a resource from the pool",
                                new java.net.ConnectException("Connection refused")));
            })).isInstanceOf(RedisConnectionFailureException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
