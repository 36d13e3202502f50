package dev.twitterlike.bench.chaos;

import io.netty.handler.codec.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * One registered account acting through the gateway as a browser does: it signs in with
 * POST /api/auth/login and sends the session cookie it got back. It knows nothing about how
 * sessions are stored; when the gateway says 401 it simply signs in again.
 */
final class User {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "chaos-run-password";

    final String username;
    private final Http http;
    private final String gateway;
    private final Metrics metrics;
    private volatile String id;
    private volatile String cookie;

    User(String username, Http http, String gateway, Metrics metrics) {
        this.username = username;
        this.http = http;
        this.gateway = gateway;
        this.metrics = metrics;
    }

    String id() {
        return id;
    }

    /** Registers (201 signs in too); a 409 means an earlier attempt got through: sign in instead. */
    void register() {
        String body = json(Map.of("username", username, "password", PASSWORD, "displayName", username));
        for (int attempt = 1; ; attempt++) {
            Http.Reply reply = send(HttpMethod.POST, "/api/auth/register", body, Map.of());
            if (reply.status() == 201 && takeSession(reply)) {
                return;
            }
            if (reply.status() == 409 && signIn()) {
                return;
            }
            if (attempt == 20) {
                throw new IllegalStateException("could not register " + username + ": HTTP " + reply.status() + " " + reply.body());
            }
            pause(500);
        }
    }

    /** One sign-in attempt; false if it did not get a session (the caller tries again later). */
    boolean signIn() {
        Http.Reply reply = send(HttpMethod.POST, "/api/auth/login", json(Map.of("username", username, "password", PASSWORD)), Map.of());
        return reply.status() == 200 && takeSession(reply);
    }

    Http.Reply get(String path) {
        return send(HttpMethod.GET, path, null, Map.of());
    }

    Http.Reply send(HttpMethod method, String path, String json, Map<String, String> headers) {
        Http.Reply reply = http.send(method, gateway + path, cookie, json, headers);
        metrics.status(reply.status());
        if (reply.status() >= 500) {
            metrics.serverError(reply.status(), method + " " + path + " as " + username, reply.body());
        }
        return reply;
    }

    private boolean takeSession(Http.Reply reply) {
        for (String header : reply.cookies()) {
            if (header.startsWith("session=")) {
                int end = header.indexOf(';');
                cookie = end < 0 ? header : header.substring(0, end);
                JsonNode user = JSON.readTree(reply.body());
                id = user.path("id").asString();
                return true;
            }
        }
        return false;
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return username;
    }
}
