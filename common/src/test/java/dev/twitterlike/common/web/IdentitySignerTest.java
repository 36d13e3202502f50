package dev.twitterlike.common.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class IdentitySignerTest {

    private static final String SECRET = "a-secret-of-enough-length";
    private final Instant now = Instant.parse("2026-06-01T10:00:00Z");
    private final IdentitySigner signer = new IdentitySigner(SECRET, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void acceptsWhatItSigned() {
        assertThat(signer.verify("42", signer.sign(42))).hasValue(42);
    }

    @Test
    void refusesAnotherUserIdWithTheSameSignature() {
        assertThat(signer.verify("43", signer.sign(42))).isEmpty();
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        IdentitySigner other = new IdentitySigner("another-secret-entirely", Clock.fixed(now, ZoneOffset.UTC));
        assertThat(signer.verify("42", other.sign(42))).isEmpty();
    }

    @Test
    void refusesAnExpiredSignature() {
        IdentitySigner past = new IdentitySigner(SECRET, Clock.fixed(now.minus(IdentitySigner.MAX_AGE).minusSeconds(1), ZoneOffset.UTC));
        assertThat(signer.verify("42", past.sign(42))).isEmpty();
    }

    @Test
    void refusesGarbageAndMissingHeaders() {
        assertThat(signer.verify("42", null)).isEmpty();
        assertThat(signer.verify(null, signer.sign(42))).isEmpty();
        assertThat(signer.verify("42", "nonsense")).isEmpty();
        assertThat(signer.verify("x", "1.abc")).isEmpty();
    }
}
