package dev.twitterlike.common.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.Map;

/**
 * RFC 9457 problems that services raise from their business code. Each becomes an
 * {@code application/problem+json} response through {@link ProblemHandler}; nothing else
 * (no stack trace, no exception message of a library) reaches the client.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://twitter-like.dev/problems/";

    private Problems() {
    }

    /**
     * The problem type URI of a short name ({@code https://twitter-like.dev/problems/<name>}):
     * the one spelling every service and the gateway use.
     */
    public static URI type(String name) {
        return URI.create(TYPE_BASE + name);
    }

    public static ErrorResponseException of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(status.getReasonPhrase());
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException notFound(String what, Object id) {
        return of(HttpStatus.NOT_FOUND, "not-found", what + " " + id + " does not exist");
    }

    public static ErrorResponseException badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, "bad-request", detail);
    }

    public static ErrorResponseException forbidden(String detail) {
        return of(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public static ErrorResponseException unauthorized() {
        return of(HttpStatus.UNAUTHORIZED, "unauthorized", "Sign in to do this");
    }

    /** A 503 the client may retry ({@code Retry-After: 1}): a store it needs cannot be reached. */
    public static ErrorResponseException unavailable(String detail) {
        ErrorResponseException e = of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail);
        e.getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, "1");
        return e;
    }

    /** A 400 with a message per field, as validation failures are reported. */
    public static ErrorResponseException invalid(Map<String, String> fieldErrors) {
        ErrorResponseException e = of(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields");
        e.getBody().setProperty("errors", fieldErrors);
        return e;
    }
}
