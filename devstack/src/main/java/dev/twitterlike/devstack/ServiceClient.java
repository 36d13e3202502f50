package dev.twitterlike.devstack;

import dev.twitterlike.common.web.IdentityHeaders;
import dev.twitterlike.common.web.IdentitySigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP and server-sent events to a server under test, the one client every module's tests use.
 * A request made for a user carries the identity headers the gateway would set
 * ({@link IdentityHeaders#USER_ID} and a {@link IdentitySigner signature} over the user, the
 * method, the raw path and the service), signed with the secret the services under test run
 * with ({@link DevStackExtension#internalSecret()}); a request without a user carries none, as
 * from a browser or a script. Bodies are JSON unless given as bytes or with a Content-Type.
 * <p>
 * Create it once the server's port is known (in a {@code @BeforeEach}: Spring injects
 * {@code @LocalServerPort} after the test instance is made).
 */
public final class ServiceClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** HTTP/1.1, as a browser speaks over plain http: the JDK client's default (HTTP/2) asks each new
     *  connection for an h2c upgrade, which no browser does and the services do not offer. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String service;
    private final IdentitySigner signer;

    /** @param service the name signatures are made for ({@code spring.application.name}) */
    public ServiceClient(int port, String service) {
        this(port, service, DevStackExtension.internalSecret());
    }

    public ServiceClient(int port, String service, String secret) {
        this.port = port;
        this.service = service;
        this.signer = new IdentitySigner(secret);
    }

    /** What came back: the status, the headers and the body as text, and as JSON when it is JSON. */
    public record Response(int status, HttpHeaders headers, String text) {

        /** The body as JSON; a null node when it is empty or not JSON. */
        public JsonNode body() {
            boolean json = contentType() != null && contentType().contains("json");
            return text.isBlank() || !json ? JSON.nullNode() : JSON.readTree(text);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** The value a {@code Set-Cookie} header of this response gives the named cookie, or null. */
        public String cookie(String name) {
            return headers.allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(name + "="))
                    .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                    .findFirst().orElse(null);
        }
    }

    public Response get(String path, Long user) {
        return call("GET", path, null, user);
    }

    public Response post(String path, Long user, Object body) {
        return call("POST", path, body, user);
    }

    public Response delete(String path, Long user) {
        return call("DELETE", path, null, user);
    }

    public Response call(String method, String path, Object body, Long user) {
        return call(method, path, body, user, Map.of());
    }

    /**
     * One request: {@code body} null (none), {@code byte[]} (as is), a {@code String} (as is,
     * as JSON) or an object (written as JSON); {@code headers} are added last, so a Content-Type
     * given there wins.
     */
    public Response call(String method, String path, Object body, Long user, Map<String, String> headers) {
        byte[] bytes = body == null ? null
                : body instanceof byte[] b ? b
                : (body instanceof String s ? s : JSON.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(method, path, user,
                bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        Map<String, String> all = new HashMap<>();
        if (bytes != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        all.forEach(request::setHeader);
        return send(request);
    }

    /** A request to build on (other bodies, headers, a timeout), signed for the user when not null. */
    public HttpRequest.Builder request(String method, String path, Long user, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).method(method, body);
        if (user != null) {
            identity(user, method, path).forEach(request::header);
        }
        return request;
    }

    public Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /** For what {@link Response} does not hold: bytes, a stream, or no waiting ({@link #http()}). */
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient http() {
        return http;
    }

    /** Opens an event stream at {@code path} for the user, resuming after {@code lastEventId} when not null. */
    public SseConnection stream(String path, Long user, Long lastEventId) {
        Map<String, String> headers = new HashMap<>();
        if (user != null) {
            headers.putAll(identity(user, "GET", path));
        }
        if (lastEventId != null) {
            headers.put("Last-Event-ID", Long.toString(lastEventId));
        }
        return SseConnection.open(uri(path).toString(), headers);
    }

    /** The identity headers the gateway sets on this request for the user. */
    public Map<String, String> identity(long user, String method, String path) {
        return Map.of(IdentityHeaders.USER_ID, Long.toString(user),
                IdentityHeaders.SIGNATURE, signer.sign(user, method, uri(path).getRawPath(), service));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }
}
