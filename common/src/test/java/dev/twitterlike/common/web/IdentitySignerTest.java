package dev.twitterlike.common.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentitySignerTest {

    private static final String SECRET = "a-secret-of-enough-length-for-hmac-sha256";
    private final Instant now = Instant.parse("2026-06-01T10:00:00Z");
    private final IdentitySigner signer = new IdentitySigner(SECRET, Clock.fixed(now, ZoneOffset.UTC));

    private String signed(IdentitySigner by, long user) {
        return by.sign(user, "GET", "/api/trends", "trend-service");
    }

    private java.util.OptionalLong verify(String user, String signature) {
        return signer.verify(user, signature, "GET", "/api/trends", "trend-service");
    }

    @Test
    void acceptsWhatItSigned() {
        assertThat(verify("42", signed(signer, 42))).hasValue(42);
    }

    @Test
    void refusesAnotherUserIdWithTheSameSignature() {
        assertThat(verify("43", signed(signer, 42))).isEmpty();
    }

    /** A signature captured on one request is worth nothing on any other. */
    @Test
    void refusesASignatureReplayedOnAnotherMethodPathOrService() {
        String captured = signed(signer, 42);
        assertThat(signer.verify("42", captured, "DELETE", "/api/trends", "trend-service")).isEmpty();
        assertThat(signer.verify("42", captured, "GET", "/api/tweets/1", "trend-service")).isEmpty();
        assertThat(signer.verify("42", captured, "GET", "/api/trends", "tweet-service")).isEmpty();
        assertThat(signer.verify("42", captured, "GET", "/api/trends", "trend-service")).hasValue(42);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        IdentitySigner other = new IdentitySigner("another-secret-entirely-of-enough-length", Clock.fixed(now, ZoneOffset.UTC));
        assertThat(verify("42", signed(other, 42))).isEmpty();
    }

    @Test
    void refusesAnExpiredSignatureAfterThirtySeconds() {
        assertThat(IdentitySigner.MAX_AGE).isLessThanOrEqualTo(java.time.Duration.ofSeconds(30));
        IdentitySigner justInTime = new IdentitySigner(SECRET, Clock.fixed(now.minus(IdentitySigner.MAX_AGE), ZoneOffset.UTC));
        IdentitySigner past = new IdentitySigner(SECRET, Clock.fixed(now.minus(IdentitySigner.MAX_AGE).minusSeconds(1), ZoneOffset.UTC));
        IdentitySigner future = new IdentitySigner(SECRET, Clock.fixed(now.plus(IdentitySigner.MAX_SKEW).plusSeconds(1), ZoneOffset.UTC));
        assertThat(verify("42", signed(justInTime, 42))).hasValue(42);
        assertThat(verify("42", signed(past, 42))).isEmpty();
        assertThat(verify("42", signed(future, 42))).isEmpty();
    }

    @Test
    void refusesGarbageAndMissingHeaders() {
        assertThat(verify("42", null)).isEmpty();
        assertThat(verify(null, signed(signer, 42))).isEmpty();
        assertThat(verify("42", "nonsense")).isEmpty();
        assertThat(verify("x", "1.abc")).isEmpty();
    }

    /** No default and no short secret: a service without a real one does not start. */
    @Test
    void refusesToWorkWithoutASecretOfThirtyTwoBytes() {
        assertThatThrownBy(() -> new IdentitySigner(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INTERNAL_SECRET");
        assertThatThrownBy(() -> new IdentitySigner("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentitySigner("x".repeat(31))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31 bytes");
        assertThat(new IdentitySigner("x".repeat(32))).isNotNull();
    }
}
