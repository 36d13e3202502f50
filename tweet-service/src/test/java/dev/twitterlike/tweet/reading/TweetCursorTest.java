package dev.twitterlike.tweet.reading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replies' and hashtag lists' cursor, without a server. */
class TweetCursorTest {

    @Test
    void aCursorGivenOutComesBackAsTheSameIdAndIsUrlSafe() {
        for (long id : new long[] {1, 1234567890123L, Long.MAX_VALUE}) {
            String encoded = new TweetCursor(id).encode();
            assertThat(encoded).matches("[A-Za-z0-9_-]+");
            assertThat(TweetCursor.decode(encoded)).isEqualTo(new TweetCursor(id));
        }
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(TweetCursor.decode(null)).isNull();
        assertThat(TweetCursor.decode("")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "t:1", "%%%", "dDo"})
    void somethingThatIsNotBase64UrlIsA400(String cursor) {
        assertRefused(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"t:0", "t:-5", "t:99999999999999999999", "t:9223372036854775808", "t:", "t:1.5", "t: 1",
            "123:456", "x:5", "T:5", "5"})
    void aDecodedValueThatIsNotAPositiveTweetIdIsA400(String raw) {
        assertRefused(Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertRefused(String cursor) {
        assertThatThrownBy(() -> TweetCursor.decode(cursor)).as(cursor)
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getBody().getProperties()).containsEntry("errors", Map.of("cursor", "is not a cursor this API gave out"));
                });
    }
}
