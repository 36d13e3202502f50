package dev.twitterlike.common.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.tracing.Tracing;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.time.Duration;

/**
 * How every service's Lettuce connection behaves while Valkey is away. Lettuce's defaults suit
 * a cache poorly: while disconnected it queues commands until their time-out (1 s here), so an
 * outage costs every request that touches Valkey a full second before its PostgreSQL fallback;
 * and it backs off reconnecting up to 30 s, so Valkey's return goes unnoticed for as long.
 * Here a command sent while disconnected fails at once (the caller falls back straight away),
 * and reconnection is tried every 100 ms to 2 s.
 *
 * <p>And no bookkeeping per command: no Micrometer observation (a timer sample, tags and a
 * long-task timer for every GET, LRANGE or EVALSHA; Spring Boot's Lettuce observation) and no
 * latency histogram (Lettuce's own recorder), which nothing here reads. At the rates a fanout
 * or a home read issues commands they were the largest CPU cost per command after the command
 * itself (docs/fanout.md#throughput); the services' own timers measure what matters.
 *
 * <p>On a Valkey Cluster ({@code spring.data.redis.cluster.nodes}, docs/cluster.md): Lettuce's
 * cluster client learns of a failover at once (every adaptive trigger: MOVED and ASK
 * redirects, reconnect attempts, unknown nodes) and also re-reads the topology every 5 s; and a
 * read whose master is unreachable goes to its replica ({@code upstreamPreferred}: reads stay on
 * the masters, so a reader sees its own writes) unless {@code spring.data.redis.lettuce.read-from}
 * says otherwise.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration")
@ConditionalOnClass({ClientOptions.class, LettuceClientOptionsBuilderCustomizer.class})
public class ValkeyClientAutoConfiguration {

    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ClientResourcesBuilderCustomizer noPerCommandBookkeeping() {
        // ordered last: it replaces the tracing Spring Boot's Lettuce observation configures
        return resources -> resources.tracing(Tracing.disabled()).commandLatencyRecorder(CommandLatencyRecorder.disabled());
    }

    @Bean
    @ConditionalOnProperty("spring.data.redis.cluster.nodes")
    LettuceClientOptionsBuilderCustomizer clusterTopologyRefresh() {
        return options -> {
            if (options instanceof ClusterClientOptions.Builder cluster) {
                cluster.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .enablePeriodicRefresh(Duration.ofSeconds(5))
                        .dynamicRefreshSources(true)
                        .build());
            }
        };
    }

    @Bean
    @ConditionalOnProperty("spring.data.redis.cluster.nodes")
    LettuceClientConfigurationBuilderCustomizer clusterReadFrom(Environment env) {
        return client -> {
            if (!env.containsProperty("spring.data.redis.lettuce.read-from")) {
                client.readFrom(ReadFrom.UPSTREAM_PREFERRED);
            }
        };
    }

    @Bean
    ClientResourcesBuilderCustomizer quickReconnect() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS));
    }
}
