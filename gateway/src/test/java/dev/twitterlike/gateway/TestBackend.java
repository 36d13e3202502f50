package dev.twitterlike.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A real HTTP server standing in for the services. It answers the load balancer's {@code /ready}
 * health checks (200 unless a test installs its own) without recording them, answers
 * graph-service's session lookups from {@link #session} (404 for any other), and records what else reaches it (the headers a
 * service would see, plus {@code :method} and {@code :path}) and answers {@code {"ok":true}},
 * or what a test installs for a path. Handlers run on their own threads, so one may hold its
 * answer back without stalling the others.
 */
final class TestBackend implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final Map<String, Long> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger sessionLookups = new java.util.concurrent.atomic.AtomicInteger();

    private TestBackend(HttpServer server) {
        this.server = server;
    }

    static TestBackend start() {
        try {
            TestBackend backend = new TestBackend(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            backend.server.setExecutor(backend.threads);
            backend.on("/", exchange -> respond(exchange, 200, "application/json", "{\"ok\":true}"));
            // graph-service's session record, which the gateway asks when Valkey cannot answer
            backend.server.createContext("/internal/sessions/", exchange -> {
                String hash = exchange.getRequestURI().getPath().substring("/internal/sessions/".length());
                Long user = backend.sessions.get(hash);
                backend.sessionLookups.incrementAndGet();
                if (user == null) {
                    respond(exchange, 404, "application/problem+json", "{\"status\":404}");
                } else {
                    respond(exchange, 200, "application/json", "{\"userId\":\"" + user + "\"}");
                }
            });
            backend.server.start();
            return backend;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points every service's instance list at these backends, in order (two backends: two instances). */
    static void serveEveryService(org.springframework.test.context.DynamicPropertyRegistry registry, TestBackend... backends) {
        String urls = java.util.Arrays.stream(backends).map(TestBackend::url).collect(Collectors.joining(","));
        for (String service : List.of("GRAPH", "TWEET", "TIMELINE", "TREND", "NOTIFICATION")) {
            registry.add(service + "_SERVICE_URLS", () -> urls);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests under {@code path} with {@code handler} (after recording them). */
    void on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            record(exchange);
            handler.handle(exchange);
        });
    }

    /** Makes this backend, as graph-service, hold a session for the token (or end it: null). */
    void session(String token, Long userId) {
        String hash = dev.twitterlike.common.web.SessionKeys.encode(dev.twitterlike.common.web.SessionKeys.hash(token));
        if (userId == null) {
            sessions.remove(hash);
        } else {
            sessions.put(hash, userId);
        }
    }

    /** How often the gateway asked this backend, as graph-service, about a session. */
    int sessionLookups() {
        return sessionLookups.get();
    }

    List<Map<String, String>> received() {
        return received;
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getRequestBody().readAllBytes(); // as a service would: closing unread resets the connection
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void record(HttpExchange exchange) {
        if (exchange.getRequestURI().getPath().equals("/ready")) {
            return; // the gateway's load balancer asks every instance; not a request a client made
        }
        Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue())));
        headers.put(":method", exchange.getRequestMethod());
        headers.put(":path", exchange.getRequestURI().getPath());
        received.add(headers);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
