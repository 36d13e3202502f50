package dev.twitterlike.tweet.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of a tweet's text, without a server: length, normalisation, hashtags and mentions. */
class TweetTextTest {

    @Test
    void contentIsNfcNormalisedAndStripped() {
        TweetText text = TweetText.parse("  Cafe\u0301 au lait \n");
        assertThat(text.content()).isEqualTo("Caf\u00e9 au lait");
    }

    @Test
    void lengthIsCountedInCodePointsAfterNormalisation() {
        String emoji = "\uD83D\uDE00";
        assertThat(TweetText.parse(emoji.repeat(280)).content()).hasSize(560);
        // 280 decomposed é (two chars each) are 280 composed ones
        assertThat(TweetText.parse("e\u0301".repeat(280)).content()).isEqualTo("\u00e9".repeat(280));
        assertRefused(emoji.repeat(281), "must be at most 280 characters (it has 281)");
        assertRefused("x".repeat(281), "must be at most 280 characters (it has 281)");
        assertThat(TweetText.parse(" ".repeat(10) + "x".repeat(280) + " ".repeat(10)).content()).hasSize(280);
    }

    @ParameterizedTest
    @NullSource
    void noContentIsRequired(String missing) {
        assertRefused(missing, "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t", "\u200B", "\u2060\uFEFF\u200D", "\u3000"})
    void blankAndInvisibleContentIsRefused(String blank) {
        assertRefused(blank, "must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "bell \u0007", "escape \u001B[31m", "del \u007F"})
    void controlCharactersAreRefused(String content) {
        assertRefused(content, "must not contain control characters");
    }

    @Test
    void tabsAndLineBreaksAreText() {
        assertThat(TweetText.parse("one\ttwo\r\nthree").content()).isEqualTo("one\ttwo\r\nthree");
    }

    @ParameterizedTest
    @ValueSource(strings = {"broken \uD800 pair", "\uDC00 first", "ends high \uD83D"})
    void loneSurrogatesAreRefused(String content) {
        assertRefused(content, "is not valid Unicode text");
    }

    @Test
    void hashtagsAreLowerCasedNfkcFormsInOrderWithoutDuplicates() {
        assertThat(TweetText.parse("#Caf\u00e9 #CAF\u00c9 #\uff43\uff41\uff46\u00e9 #Java").hashtags()).containsExactly("caf\u00e9", "java");
        assertThat(TweetText.parse("\uff03\u30bf\u30b0 and #JAVA").hashtags()).as("the full-width sign too").containsExactly("\u30bf\u30b0", "java");
    }

    @Test
    void hashtagsInAnyScriptAreFound() {
        assertThat(TweetText.parse("#\u65e5\u672c\u8a9e #\u0395\u03bb\u03bb\u03ac\u03b4\u03b1 #\u0645\u0631\u062d\u0628\u0627 #snake_case #v2").hashtags())
                .containsExactly("\u65e5\u672c\u8a9e", "\u03b5\u03bb\u03bb\u03ac\u03b4\u03b1", "\u0645\u0631\u062d\u0628\u0627", "snake_case", "v2");
    }

    @Test
    void digitsKeycapsAndGluedSignsAreNotHashtags() {
        assertThat(TweetText.parse("#2024 #\uFE0F\u20E3 a#b AT&#tag ##double").hashtags()).isEmpty();
        assertThat(TweetText.parse("#end. #comma, (#paren)").hashtags()).containsExactly("end", "comma", "paren");
    }

    @Test
    void atMostTenDistinctHashtagsAreKeptAndTheTextKeepsTheRest() {
        String tags = IntStream.rangeClosed(1, 12).mapToObj(i -> "#t" + i + " #T" + i).collect(Collectors.joining(" "));
        TweetText text = TweetText.parse(tags);
        assertThat(text.hashtags()).hasSize(TweetText.MAX_HASHTAGS)
                .containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10");
        assertThat(text.content()).contains("#t12");
    }

    @Test
    void mentionsAreUsernamesOnceEachAsFirstWritten() {
        assertThat(TweetText.parse("@Alice hi @bob_1 and @ALICE, \uff20carol").mentionedUsernames())
                .containsExactly("Alice", "bob_1", "carol");
    }

    @Test
    void emailAddressesAndOverlongNamesAreNotMentions() {
        assertThat(TweetText.parse("mail a@b.com or x@@y @sixteen_chars_xx @caf\u00e9").mentionedUsernames()).isEmpty();
        assertThat(TweetText.parse("@fifteen_chars_x!").mentionedUsernames()).containsExactly("fifteen_chars_x");
    }

    @Test
    void aSearchedTagIsNormalisedLikeAStoredOne() {
        assertThat(TweetText.normaliseHashtag("#Caf\u00e9")).hasValue("caf\u00e9");
        assertThat(TweetText.normaliseHashtag("Caf\u00e9")).hasValue("caf\u00e9");
        assertThat(TweetText.normaliseHashtag("\uff03\uff2a\uff21\uff36\uff21")).hasValue("java");
        assertThat(TweetText.normaliseHashtag("2024b")).hasValue("2024b");
    }

    @Test
    void somethingNoHashtagCouldBeIsNoSearchedTag() {
        for (String notATag : new String[] {null, "", " ", "#", "123", "a-b", "a b", "x".repeat(281), "bad\uD800"}) {
            assertThat(TweetText.normaliseHashtag(notATag)).as(String.valueOf(notATag)).isEmpty();
        }
    }

    private static void assertRefused(String content, String message) {
        assertThatThrownBy(() -> TweetText.parse(content))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getBody().getProperties()).containsEntry("errors", Map.of("content", message));
                });
    }
}
