package dev.twitterlike.common.web;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns every failure into RFC 9457 problem JSON: Spring MVC's own exceptions (unknown route,
 * malformed JSON, wrong method, missing parameter...) through {@link ResponseEntityExceptionHandler},
 * validation failures as a 400 with an {@code errors} map (field to message), a store that is
 * unreachable or out of pooled connections as a 503 with {@code Retry-After}, and anything
 * unexpected as a 500 that names the request id but never the exception.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final URI VALIDATION = Problems.type("validation");
    private static final URI UNAVAILABLE = Problems.type("unavailable");

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> errors.putIfAbsent(name, error.getDefaultMessage()));
        });
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
        Map<String, String> errors = new LinkedHashMap<>();
        ex.getConstraintViolations().forEach(v -> {
            String path = v.getPropertyPath().toString();
            errors.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), v.getMessage());
        });
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return ResponseEntity.badRequest().body(validationProblem(Map.of(ex.getName(), "has an invalid value")));
    }

    /**
     * A store that cannot be reached or is overloaded (no free pooled connection within its
     * timeout, connection refused, a query timeout): a 503 the client may retry, not a 500.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<Object> storeUnavailable(DataAccessException ex) {
        log.warn("store unavailable: {}", ex.getMostSpecificCause().toString());
        return unavailable();
    }

    private static ResponseEntity<Object> unavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service is overloaded or a store it needs is unreachable; try again shortly");
        problem.setType(UNAVAILABLE);
        problem.setTitle(HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /** A multipart request that cannot be parsed (no boundary, truncated): the client's mistake. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> badMultipart(MultipartException ex) {
        return ResponseEntity.badRequest().body(badInput("The multipart request could not be read"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        if (lostTheDatabase(ex)) {
            log.warn("store lost mid-request: {}", ex.toString());
            return unavailable();
        }
        String clientMistake = clientMistake(ex);
        if (clientMistake != null) {
            log.info("bad input: {}", ex.toString());
            return ResponseEntity.badRequest().body(badInput(clientMistake));
        }
        log.error("unhandled error", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the request id in X-Request-Id helps us find it");
        problem.setTitle(HttpStatus.INTERNAL_SERVER_ERROR.getReasonPhrase());
        return ResponseEntity.internalServerError().body(problem);
    }

    /**
     * Failures that input alone causes, wherever they surface: parameters that are not valid
     * UTF-8 (Tomcat decodes them lazily, when a handler first asks), and values PostgreSQL
     * refuses to store (SQLState class 22, "data exception": a NUL character in text, a number
     * out of range, an untranslatable character). A 500 would blame the service for the
     * client's request, and count against it in the gateway's breakers.
     */
    private static String clientMistake(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.charset.CharacterCodingException
                    || cause.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
                return "A request parameter is not valid UTF-8";
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return "A value in the request cannot be stored (for example a NUL character or a number out of range)";
            }
        }
        return null;
    }

    /**
     * The database went away under a running request (killed, restarted, failed over): an I/O
     * error at commit, wrapped by Hibernate and Spring as a system exception rather than as a
     * resource failure. SQLState class 08 is "connection exception", 57P01-57P03 are the server
     * shutting down or starting; a refused or reset socket is the same seen from below (the
     * driver reconnecting, Hikari's "Connection is closed" is 08003). Whether a commit in flight took effect is unknown here; the
     * writes are idempotent (keys, primary keys), so the 503 says: retry.
     */
    private static boolean lostTheDatabase(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause instanceof org.springframework.transaction.CannotCreateTransactionException
                    || cause instanceof org.springframework.transaction.TransactionSystemException
                    || cause instanceof java.net.SocketException
                    // Hibernate's "Unable to commit/rollback against JDBC Connection": Hikari
                    // had already closed the broken connection ("Connection is closed", no SQLState)
                    || cause.getClass().getName().equals("org.hibernate.TransactionException")) {
                return true;
            }
        }
        return false;
    }

    private static ProblemDetail badInput(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        return problem;
    }

    private static ProblemDetail validationProblem(Map<String, String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
