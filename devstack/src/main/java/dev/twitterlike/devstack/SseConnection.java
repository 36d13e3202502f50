package dev.twitterlike.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent-event stream as tests open it: one real HTTP connection, its status and headers,
 * then its lines as they arrive (": " after a field name is read as ":", so {@code id:5} and
 * {@code :heartbeat} match whatever spacing the server uses), and whether the server ended it.
 * A refused stream (any status but 200) keeps its body for the test to read.
 */
public final class SseConnection implements AutoCloseable {

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final String body;

    private SseConnection(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ended.complete(null);
            return;
        }
        this.body = null;
        Thread reading = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line.replaceFirst("^([a-z]*): ", "$1:"));
                }
            } catch (IOException e) {
                // closed by this side, or reset
            }
            ended.complete(null);
        }, "sse-test-reader");
        reading.setDaemon(true);
        reading.start();
    }

    /** Opens the stream at {@code url} with these request headers; returns once the status line is in. */
    public static SseConnection open(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseConnection(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused stream (a problem document). */
    public String body() {
        return body;
    }

    /** The next line starting with {@code prefix}, skipping others, or null within the time. */
    public String next(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(20, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /**
     * The next whole event named {@code name} (its fields: id, event, data), skipping others, or
     * null within the time; with {@code name} null, the next event of any name.
     */
    public Map<String, String> nextEvent(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> event = new HashMap<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(20, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.isEmpty()) {
                if (event.containsKey("event") && (name == null || name.equals(event.get("event")))) {
                    return event;
                }
                event = new HashMap<>();
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                event.put(colon < 0 ? line : line.substring(0, colon), colon < 0 ? "" : line.substring(colon + 1));
            }
        }
        return null;
    }

    /** Whether the stream ended (the server completed it, or it was refused) within the time. */
    public boolean endsWithin(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    public boolean ended() {
        return ended.isDone();
    }

    /** The client goes away: the server notices at its next write (a heartbeat at the latest). */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
