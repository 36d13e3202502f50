package dev.twitterlike.common.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLTransientConnectionException;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(controllers = CommonWebTest.SampleController.class)
@Import(CommonWebTest.SampleController.class)
@TestPropertySource(properties = {"twitter.identity.secret=" + CommonWebTest.SECRET, "spring.application.name=sample-service"})
class CommonWebTest {

    static final String SECRET = "test-secret-0123456789-0123456789";

    @Autowired
    MockMvc mvc;

    record Sample(@NotBlank String name, @Size(max = 5) String code) {
    }

    @RestController
    static class SampleController {
        @PostMapping("/samples")
        Map<String, String> create(@Valid @RequestBody Sample sample) {
            return Map.of("name", sample.name());
        }

        @GetMapping("/samples/{id}")
        Map<String, Object> find(@PathVariable long id) {
            throw Problems.notFound("sample", id);
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internals: password=hunter2");
        }

        @GetMapping("/pool-exhausted")
        String poolExhausted() {
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException("pool - Connection is not available, request timed out after 2000ms"));
        }

        /** PostgreSQL killed while a transaction commits: Spring's wrapping of the I/O error. */
        @GetMapping("/database-gone-at-commit")
        String databaseGoneAtCommit() {
            throw new org.springframework.transaction.TransactionSystemException("Could not commit JDBC transaction",
                    new java.sql.SQLException("An I/O error occurred while sending to the backend.", "08006",
                            new java.io.EOFException()));
        }

        /** ... or the pool closed the broken connection before the rollback (no SQLState at all). */
        @GetMapping("/database-gone-at-rollback")
        String databaseGoneAtRollback() {
            throw new org.springframework.transaction.TransactionSystemException("Unable to rollback against JDBC Connection",
                    new java.sql.SQLException("Connection is closed"));
        }

        /** ... or shut down under a running statement (SQLState 57P01, admin_shutdown). */
        @GetMapping("/database-shutting-down")
        String databaseShuttingDown() {
            throw new org.springframework.dao.DataIntegrityViolationException("could not execute statement",
                    new java.sql.SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        }

        /** What PostgreSQL answers to a NUL character in text (SQLState 22021), as Spring wraps it. */
        @GetMapping("/nul-in-text")
        String nulInText() {
            throw new org.springframework.dao.DataIntegrityViolationException("could not execute statement",
                    new java.sql.SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        }

        /** What Tomcat throws when a handler first reads parameters that are not UTF-8. */
        @GetMapping("/bad-parameter")
        String badParameter() {
            throw new IllegalStateException("Character decoding failed",
                    new java.nio.charset.MalformedInputException(1));
        }

        @PostMapping("/upload")
        String upload() {
            throw new org.springframework.web.multipart.MultipartException("Failed to parse multipart servlet request");
        }

        @GetMapping("/me")
        Map<String, Object> me(@CurrentUser long userId) {
            return Map.of("userId", Long.toString(userId));
        }

        @GetMapping("/maybe-me")
        Map<String, Object> maybeMe(@CurrentUser(required = false) Long userId) {
            return Map.of("signedIn", userId != null);
        }
    }

    @Test
    void anExhaustedConnectionPoolIsA503TheClientMayRetryNotA500() throws Exception {
        mvc.perform(get("/pool-exhausted"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://twitter-like.dev/problems/unavailable"))
                .andExpect(content().string(not(containsString("Connection is not available"))));
    }

    @Test
    void aDatabaseThatWentAwayMidRequestIsA503NotA500() throws Exception {
        for (String path : new String[] {"/database-gone-at-commit", "/database-gone-at-rollback", "/database-shutting-down"}) {
            mvc.perform(get(path))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(jsonPath("$.type").value("https://twitter-like.dev/problems/unavailable"));
        }
    }

    @Test
    void validationFailureIsA400WithAnErrorPerField() throws Exception {
        mvc.perform(post("/samples").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \",\"code\":\"toolong\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors.name").exists())
                .andExpect(jsonPath("$.errors.code").exists());
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        mvc.perform(post("/samples").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").exists());
    }

    @Test
    void unknownRouteIsA404Problem() throws Exception {
        mvc.perform(get("/no/such/route"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void domainProblemKeepsItsStatusAndDetail() throws Exception {
        mvc.perform(get("/samples/12"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("sample 12 does not exist"))
                .andExpect(jsonPath("$.type").value("https://twitter-like.dev/problems/not-found"));
    }

    @Test
    void wrongPathVariableTypeIsA400NotA500() throws Exception {
        mvc.perform(get("/samples/abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.id").exists());
    }

    @Test
    void unexpectedErrorIsA500WithoutInternals() throws Exception {
        mvc.perform(get("/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().string(not(containsString("hunter2"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    /** Input alone caused these: a 400 problem, never a 500 that blames (and trips) the service. */
    @Test
    void failuresTheInputCausedAre400sWhereverTheySurface() throws Exception {
        for (var request : java.util.List.of(get("/nul-in-text"), get("/bad-parameter"), post("/upload"))) {
            mvc.perform(request)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://twitter-like.dev/problems/validation"))
                    .andExpect(content().string(not(containsString("0x00"))));
        }
    }

    @Test
    void requestIdIsEchoedOrMade() throws Exception {
        mvc.perform(get("/maybe-me").header(IdentityHeaders.REQUEST_ID, "abc-123"))
                .andExpect(header().string(IdentityHeaders.REQUEST_ID, "abc-123"));
        mvc.perform(get("/maybe-me"))
                .andExpect(header().exists(IdentityHeaders.REQUEST_ID));
    }

    @Test
    void currentUserComesOnlyFromASignedIdentity() throws Exception {
        IdentitySigner signer = new IdentitySigner(SECRET);
        mvc.perform(get("/me").header(IdentityHeaders.USER_ID, "77").header(IdentityHeaders.SIGNATURE, signer.sign(77, "GET", "/me", "sample-service")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userId").value("77"));
        mvc.perform(get("/me").header(IdentityHeaders.USER_ID, "77"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/me").header(IdentityHeaders.USER_ID, "78").header(IdentityHeaders.SIGNATURE, signer.sign(77, "GET", "/me", "sample-service")))
                .andExpect(status().isUnauthorized());
        // made for another path, another method, or another service: not this request's
        mvc.perform(get("/me").header(IdentityHeaders.USER_ID, "77").header(IdentityHeaders.SIGNATURE, signer.sign(77, "GET", "/maybe-me", "sample-service")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/me").header(IdentityHeaders.USER_ID, "77").header(IdentityHeaders.SIGNATURE, signer.sign(77, "POST", "/me", "sample-service")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/me").header(IdentityHeaders.USER_ID, "77").header(IdentityHeaders.SIGNATURE, signer.sign(77, "GET", "/me", "trend-service")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/maybe-me").header(IdentityHeaders.USER_ID, "77"))
                .andExpect(jsonPath("$.signedIn").value(false));
    }

    @Test
    void theAccessLogShowsFailedRequestsAtInfoAndSuccessfulOnesOnlyAtDebug() throws Exception {
        ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("access");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        access.addAppender(lines);
        ch.qos.logback.classic.Level before = access.getLevel();
        try {
            access.setLevel(ch.qos.logback.classic.Level.INFO);
            mvc.perform(post("/samples").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}")).andExpect(status().isOk());
            mvc.perform(get("/samples/7")).andExpect(status().isNotFound());
            org.assertj.core.api.Assertions.assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().startsWith("GET /samples/7 404 ");
            lines.list.clear();
            access.setLevel(ch.qos.logback.classic.Level.DEBUG);
            mvc.perform(post("/samples").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\"}")).andExpect(status().isOk());
            org.assertj.core.api.Assertions.assertThat(lines.list).singleElement().satisfies(line -> {
                org.assertj.core.api.Assertions.assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
                org.assertj.core.api.Assertions.assertThat(line.getFormattedMessage()).startsWith("POST /samples 200 ");
            });
        } finally {
            access.setLevel(before);
            access.detachAppender(lines);
        }
    }
}
