package dev.twitterlike.graph.follow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The follower and following lists' cursor, without a server. */
class CursorTest {

    @Test
    void aCursorComesBackAsTheSameTimeToTheMicrosecondAndId() {
        Instant at = Instant.parse("2026-05-01T12:34:56.123456789Z");
        Cursor decoded = Cursor.decode(new Cursor(at, 42).encode());
        assertThat(decoded.at()).as("PostgreSQL keeps microseconds").isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
        assertThat(decoded.id()).isEqualTo(42);
    }

    @Test
    void timesBeforeTheEpochAndTheLargestIdsSurviveToo() {
        Instant before = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(Cursor.decode(new Cursor(before, Long.MAX_VALUE).encode())).isEqualTo(new Cursor(before, Long.MAX_VALUE));
    }

    @Test
    void anEncodedCursorIsUrlSafe() {
        assertThat(new Cursor(Instant.now(), 9_000_000_000_000_000_000L).encode()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "%%%", "a:b"})
    void somethingThatIsNotBase64UrlIsA400(String cursor) {
        assertRefused(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "abc:1", "1:abc", "t:5", "99999999999999999999:1", "1:99999999999999999999", ":", ""})
    void aDecodedValueThatIsNotATimeAndAnIdIsA400(String raw) {
        assertRefused(Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void noCursorAtAllIsA400Too() {
        assertRefused(null);
    }

    private static void assertRefused(String cursor) {
        assertThatThrownBy(() -> Cursor.decode(cursor)).as(String.valueOf(cursor))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getBody().getProperties()).containsEntry("errors", Map.of("cursor", "is not a cursor this API gave out"));
                });
    }
}
