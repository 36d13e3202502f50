package dev.twitterlike.bench.chaos;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Blocking HTTP calls on Reactor Netty, in the bench's {@code Api} style: one pool of keep-alive
 * connections, cheap per request, so the load generator takes little of the two cores from the
 * suite. Each actor of the workload runs on its own thread and blocks here. A call never
 * throws: a refused or reset connection, or no answer within the time limit, is status 0.
 */
final class Http {

    /** No HTTP answer at all (connection refused or reset, time limit). */
    static final int NO_ANSWER = 0;

    record Reply(int status, String body, List<String> cookies, long micros) {
        boolean is2xx() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client;

    Http() {
        ConnectionProvider pool = ConnectionProvider.builder("chaos").maxConnections(64)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(30))
                // a killed instance leaves dead keep-alive connections behind: do not keep them long
                .maxIdleTime(Duration.ofSeconds(5)).build();
        this.client = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(15))
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000);
    }

    Reply get(String url, String cookie) {
        return send(HttpMethod.GET, url, cookie, null, Map.of());
    }

    Reply send(HttpMethod method, String url, String cookie, String json, Map<String, String> headers) {
        long start = System.nanoTime();
        HttpClient withHeaders = client.headers(h -> {
            if (cookie != null) {
                h.set(HttpHeaderNames.COOKIE, cookie);
            }
            if (json != null) {
                h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
            headers.forEach(h::set);
        });
        try {
            HttpClient.RequestSender request = withHeaders.request(method).uri(url);
            HttpClient.ResponseReceiver<?> receiver = json == null ? request : request.send(ByteBufFlux.fromString(Mono.just(json)));
            Reply reply = receiver.responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                            .map(text -> new Reply(response.status().code(), text,
                                    response.responseHeaders().getAll(HttpHeaderNames.SET_COOKIE), micros(start))))
                    .block(Duration.ofSeconds(20));
            return reply != null ? reply : new Reply(NO_ANSWER, "no answer", List.of(), micros(start));
        } catch (RuntimeException e) {
            return new Reply(NO_ANSWER, String.valueOf(e.getMessage()), List.of(), micros(start));
        }
    }

    private static long micros(long startNanos) {
        return Math.max(1, (System.nanoTime() - startNanos) / 1_000);
    }
}
