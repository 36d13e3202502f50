package dev.twitterlike.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The public API through the gateway, acting as a user by the session cookie devstack-less benches plant in Valkey. */
final class Api {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();
    private final String gateway;

    Api(String gateway) {
        this.gateway = gateway;
    }

    static String session(long userId) {
        return "bench-" + userId;
    }

    CompletableFuture<HttpResponse<String>> homeAsync(long userId, String query) {
        return http.sendAsync(request("/api/timeline/home" + query, userId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> home(long userId, String query) throws Exception {
        return http.send(request("/api/timeline/home" + query, userId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(long userId, String content) throws Exception {
        return http.send(request("/api/tweets", userId)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest.Builder request(String path, long userId) {
        return HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", "session=" + session(userId));
    }
}
