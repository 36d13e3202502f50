package dev.twitterlike.bench;

import dev.twitterlike.common.web.IdentityHeaders;
import dev.twitterlike.common.web.IdentitySigner;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The public API through the gateway, acting as a user by the session cookie the bench plants
 * in Valkey. Reactor Netty with a pool of keep-alive connections: a load generator that shares
 * two cores with the suite must cost little per request (the JDK's HttpClient cost about 1 ms
 * of CPU per request here, as much as the gateway).
 */
final class Api {

    record Response(int status, String body) {
    }

    private static final String HOME = "/api/timeline/home";

    private final HttpClient http;
    private final HttpClient plain;
    private final HttpClient direct;
    private final IdentitySigner signer;

    /**
     * @param timeline       timeline-service's own address, for the same reads without the gateway
     * @param internalSecret the suite's {@code INTERNAL_SECRET}, to sign them as the gateway does (blank: no direct reads)
     */
    Api(String gateway, String timeline, String internalSecret) {
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(256)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(60)).build();
        this.plain = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(30));
        this.http = plain.baseUrl(gateway);
        this.direct = plain.baseUrl(timeline);
        this.signer = internalSecret.isBlank() ? null : new IdentitySigner(internalSecret);
    }

    boolean canReadDirect() {
        return signer != null;
    }

    /**
     * The same home timeline read straight to timeline-service, with the identity headers the
     * gateway would add (signed over the user, time, method, path and service), so the two runs
     * differ only by the gateway.
     */
    CompletableFuture<Integer> homeDirectAsync(long userId, String query) {
        String signature = signer.sign(userId, "GET", HOME, "timeline-service");
        return direct.headers(h -> h.set(IdentityHeaders.USER_ID, Long.toString(userId)).set(IdentityHeaders.SIGNATURE, signature))
                .get().uri(HOME + query)
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .toFuture();
    }

    static String session(long userId) {
        return "bench-" + userId;
    }

    /** A home timeline read, completing with the status once the whole body has arrived. */
    CompletableFuture<Integer> homeAsync(long userId, String query) {
        return as(userId).get().uri(HOME + query)
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .toFuture();
    }

    Response home(long userId, String query) {
        return as(userId).get().uri("/api/timeline/home" + query)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)))
                .block();
    }

    Response post(long userId, String content) {
        return as(userId)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set("Idempotency-Key", UUID.randomUUID().toString()))
                .post().uri("/api/tweets")
                .send(ByteBufFlux.fromString(Mono.just("{\"content\":\"" + content + "\"}")))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)))
                .block();
    }

    String metrics(String url) {
        return plain.get().uri(url).responseContent().aggregate().asString().block();
    }

    private HttpClient as(long userId) {
        return http.headers(h -> h.set(HttpHeaderNames.COOKIE, "session=" + session(userId)));
    }
}
