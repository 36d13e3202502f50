package dev.twitterlike.gateway;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Requests to the gateway under test, as a browser or a script sends them. */
final class GatewayClient {

    /** What came back to a client on another address; enough for the rate limit checks. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    GatewayClient(int port) {
        this.port = port;
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        return http.send(request(method, path, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, "GET".equals(method) || "OPTIONS".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (!"GET".equals(method) && !"OPTIONS".equals(method)) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return request;
    }

    HttpClient http() {
        return http;
    }

    /**
     * The same request from another loopback address (127.0.0.2, ...), as from a second machine:
     * the gateway sees that address as the client's.
     */
    Answer sendFrom(String localAddress, String method, String path) {
        var sender = reactor.netty.http.client.HttpClient.newConnection()
                .bindAddress(() -> new InetSocketAddress(localAddress, 0))
                .headers(h -> h.set("Content-Type", "application/json"))
                .responseTimeout(Duration.ofSeconds(10))
                .request(HttpMethod.valueOf(method))
                .uri("http://127.0.0.1:" + port + path);
        reactor.netty.http.client.HttpClient.ResponseReceiver<?> receiver = "GET".equals(method) ? sender : sender.send(ByteBufFlux.fromString(Mono.just("{}")));
        return receiver.responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> {
                    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    response.responseHeaders().forEach(h -> headers.put(h.getKey(), h.getValue()));
                    return new Answer(response.status().code(), headers, text);
                }))
                .block(Duration.ofSeconds(15));
    }
}
