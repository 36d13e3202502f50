package dev.twitterlike.gateway;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/**
 * Who a session belongs to when Valkey cannot say: graph-service's record of it
 * ({@code GET /internal/sessions/{hash}}, load-balanced across its instances like any route).
 * Asked when Valkey is down (every signed-in request would otherwise be refused) and when
 * Valkey has no copy (a session made during an outage, or a Valkey that lost its data;
 * graph-service puts the copy back as it answers).
 *
 * <p>Answers, "no such session" included, are kept for {@code twitter.gateway.session-cache}
 * (10 s): an outage costs graph-service one lookup per session per 10 s, not one per request,
 * and a flood of made-up cookies costs it one per cookie. That is also the longest a sign-out
 * takes to reach a gateway that learned of the session this way. Concurrent requests with the
 * same session share one lookup.
 *
 * <p>A Valkey that comes back may still hold the copy of a session that ended while it was
 * away; graph-service removes such copies within seconds of its return (its queued
 * evictions). Until Valkey has been back for {@code session-cache} without trouble, every
 * session is taken from graph-service as during the outage ({@link #trustsValkey}).
 */
@Component
class SessionVerifier {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(1);

    private final WebClient graph;
    private final AsyncCache<String, Optional<Long>> answers;
    private final MeterRegistry meters;
    private final long graceNanos;
    /** When Valkey last failed a lookup, dropped its connection or came back (System.nanoTime). */
    private volatile long lastTrouble;
    /** Whether a connection was lost since one was last (re)activated: the next activation is a return. */
    private volatile boolean connectionLost;

    SessionVerifier(ReactorLoadBalancerExchangeFilterFunction loadBalancer, GatewayProperties properties,
            ClientResources valkeyClient, MeterRegistry meters) {
        this.graceNanos = properties.sessionCache().toNanos();
        this.lastTrouble = System.nanoTime() - graceNanos - 1;
        // a lost connection, and the connection coming back, both start the grace period. Lost
        // means Lettuce trying to reconnect: a connection closed on purpose disconnects too (a
        // Valkey Cluster client opens and closes one to each node to refresh its topology), but
        // only a lost one is reconnected
        valkeyClient.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectAttemptEvent) {
                connectionLost = true;
                valkeyTrouble();
            } else if (event instanceof ConnectionActivatedEvent && connectionLost) {
                connectionLost = false;
                valkeyTrouble();
            }
        });
        this.graph = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) LOOKUP_TIMEOUT.toMillis())))
                .baseUrl("http://graph-service")
                .filter(loadBalancer)
                .build();
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(properties.sessionCache())
                .maximumSize(100_000)
                .buildAsync();
        this.meters = meters;
    }

    /**
     * The user of the session whose token hash (base64url) this is, or empty when there is no
     * such live session; an error when graph-service cannot be asked.
     *
     * @param reason why Valkey was not enough ("valkey-down" or "valkey-miss"), for the metric
     */
    Mono<Optional<Long>> userOf(String hash, String reason) {
        return Mono.fromFuture(() -> answers.get(hash, (key, executor) -> lookup(key).toFuture()))
                .doOnNext(user -> meters.counter("gateway.session.fallback", "reason", reason,
                        "found", Boolean.toString(user.isPresent())).increment());
    }

    /** Drops what this gateway was told about a session (it has just been ended through it). */
    void forget(String hash) {
        answers.synchronous().invalidate(hash);
    }

    /** Whether Valkey's answers about sessions can be taken as they are (see the class comment). */
    boolean trustsValkey() {
        return System.nanoTime() - lastTrouble > graceNanos;
    }

    /** Valkey failed a lookup or its connection changed: distrust it for the grace period. */
    void valkeyTrouble() {
        lastTrouble = System.nanoTime();
    }

    private Mono<Optional<Long>> lookup(String hash) {
        return graph.get().uri("/internal/sessions/{hash}", hash)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return response.releaseBody().thenReturn(Optional.<Long>empty());
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.<Optional<Long>>createError();
                    }
                    return response.bodyToMono(JsonNode.class)
                            .map(body -> Optional.of(Long.parseLong(body.path("userId").asString())));
                })
                .timeout(LOOKUP_TIMEOUT)
                // a refused connection is another instance's turn (the balancer picks the next one)
                .retryWhen(Retry.max(1).filter(WebClientRequestException.class::isInstance));
    }
}
