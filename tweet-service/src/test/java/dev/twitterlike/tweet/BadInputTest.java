package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind gets a 4xx, never a 500: each row is a request and the status it must
 * get. Where Spring answers, the answer is problem JSON; a few malformed URLs are refused by
 * Tomcat itself before any application code runs (expected {@link #ANY_4XX}), which is fine too.
 * None of them may create a tweet.
 */
class BadInputTest extends TweetIntegrationTest {

    private static final int ANY_4XX = 0;
    private static final String JSON_TYPE = "application/json";

    record Case(String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
            boolean chunked, int expected) {

        @Override
        public String toString() {
            return name + " -> " + (expected == ANY_4XX ? "4xx" : expected);
        }
    }

    static List<Case> cases() {
        String maxPlusOne = "9223372036854775808";
        String twentyDigits = "99999999999999999999";
        return List.of(
                post("malformed JSON", "{\"content\": ", 400),
                post("not JSON at all", "hello", 400),
                post("a JSON string, not an object", "\"hello\"", 400),
                post("a JSON array, not an object", "[]", 400),
                post("JSON null", "null", 400),
                post("no body", "", 400),
                post("content is a number", "{\"content\": 123}", 400),
                post("content is a boolean", "{\"content\": true}", 400),
                post("content is an object", "{\"content\": {\"text\": \"hi\"}}", 400),
                post("content is an array", "{\"content\": [\"hi\"]}", 400),
                post("content is null", "{\"content\": null}", 400),
                post("content holds a NUL character", "{\"content\": \"a\\u0000b\"}", 400),
                post("content holds other control characters", "{\"content\": \"bell \\u0007\"}", 400),
                post("content holds a lone surrogate", "{\"content\": \"broken \\ud800 pair\"}", 400),
                postBytes("invalid UTF-8 in the body", utf8WithGarbage(new byte[] {(byte) 0xC3, 0x28}), 400),
                postBytes("overlong UTF-8 encoding", utf8WithGarbage(new byte[] {(byte) 0xC0, (byte) 0xAF}), 400),
                postBytes("a truncated UTF-8 sequence", utf8WithGarbage(new byte[] {(byte) 0xE2, (byte) 0x82}), 400),
                post("mediaUrls is a string", "{\"content\": \"x\", \"mediaUrls\": \"/media/a.png\"}", 400),
                post("mediaUrls holds null", "{\"content\": \"x\", \"mediaUrls\": [null]}", 400),
                post("mediaUrls holds a number", "{\"content\": \"x\", \"mediaUrls\": [1]}", 400),
                post("mediaUrls holds five items", "{\"content\": \"x\", \"mediaUrls\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400),
                post("replyTo is a JSON number", "{\"content\": \"x\", \"replyTo\": 5}", 400),
                post("replyTo is not digits", "{\"content\": \"x\", \"replyTo\": \"abc\"}", 400),
                post("replyTo is negative", "{\"content\": \"x\", \"replyTo\": \"-1\"}", 400),
                post("replyTo overflows 64 bits by one", "{\"content\": \"x\", \"replyTo\": \"" + maxPlusOne + "\"}", 400),
                post("replyTo has twenty digits", "{\"content\": \"x\", \"replyTo\": \"" + twentyDigits + "\"}", 400),
                post("a number beyond any range", "{\"content\": \"x\", \"replyTo\": 1e999999999}", 400),
                post("JSON nested 5000 deep", "{\"content\": \"x\", \"extra\": " + "[".repeat(5000) + "]".repeat(5000) + "}", 400),
                post("a one-megabyte body", "{\"content\": \"" + "x".repeat(1 << 20) + "\"}", 413),
                new Case("a one-megabyte chunked body", "POST", "/api/tweets", JSON_TYPE,
                        ("{\"content\": \"" + "x".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8), Map.of(), true, 413),
                new Case("a text/plain body", "POST", "/api/tweets", "text/plain", bytes("{\"content\": \"x\"}"), Map.of(), false, 415),
                new Case("an XML body", "POST", "/api/tweets", "application/xml", bytes("<content>x</content>"), Map.of(), false, 415),
                new Case("an Idempotency-Key of 256 characters", "POST", "/api/tweets", JSON_TYPE, bytes("{\"content\": \"x\"}"),
                        Map.of("Idempotency-Key", "k".repeat(256)), false, 400),
                new Case("an Idempotency-Key with a space", "POST", "/api/tweets", JSON_TYPE, bytes("{\"content\": \"x\"}"),
                        Map.of("Idempotency-Key", "two words"), false, 400),
                get("a tweet id with twenty digits", "/api/tweets/" + twentyDigits, 400),
                get("a tweet id one past 64 bits", "/api/tweets/" + maxPlusOne, 400),
                get("a tweet id that is a word", "/api/tweets/abc", 404),
                get("a negative tweet id", "/api/tweets/-1", 404),
                get("a fractional tweet id", "/api/tweets/1.5", 404),
                get("a NUL in the path", "/api/tweets/%00", ANY_4XX),
                get("an encoded slash in the path", "/api/tweets/1%2F2", ANY_4XX),
                new Case("deleting a tweet id with twenty digits", "DELETE", "/api/tweets/" + twentyDigits, null, null, Map.of(), false, 400),
                new Case("liking a tweet id with twenty digits", "POST", "/api/tweets/" + twentyDigits + "/like", null, null, Map.of(), false, 400),
                new Case("retweeting a tweet id that is a word", "POST", "/api/tweets/abc/retweet", null, null, Map.of(), false, 404),
                get("replies with limit=0", "/api/tweets/1/replies?limit=0", 400),
                get("replies with limit=101", "/api/tweets/1/replies?limit=101", 400),
                get("replies with limit=abc", "/api/tweets/1/replies?limit=abc", 400),
                get("replies with a limit past 32 bits", "/api/tweets/1/replies?limit=99999999999", 400),
                get("replies with a garbage cursor", "/api/tweets/1/replies?cursor=garbage!", 400),
                get("replies with a cursor past 64 bits", "/api/tweets/1/replies?cursor=" + cursor("t:" + twentyDigits), 400),
                get("replies with a negative cursor", "/api/tweets/1/replies?cursor=" + cursor("t:-5"), 400),
                get("replies with a cursor of another kind", "/api/tweets/1/replies?cursor=" + cursor("123:456"), 400),
                get("a hashtag that is a space", "/api/hashtags/%20/tweets", 400),
                get("a hashtag of digits only", "/api/hashtags/123/tweets", 400),
                get("a hashtag of 300 letters", "/api/hashtags/" + "a".repeat(300) + "/tweets", 400),
                get("a hashtag with punctuation", "/api/hashtags/a-b/tweets", 400),
                get("a hashtag with invalid UTF-8", "/api/hashtags/%F0%28%8C%28/tweets", ANY_4XX),
                get("a cursor that is not base64url", "/api/hashtags/java/tweets?cursor=t%3A1", 400),
                new Case("a JSON body to the upload endpoint", "POST", "/api/media", JSON_TYPE, bytes("{}"), Map.of(), false, 415));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsA4xxProblemNeverA500(Case c) throws Exception {
        long user = user();
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : c.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        HttpRequest.Builder request = client.request(c.method(), c.path(), user, body);
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        c.headers().forEach(request::header);

        Response response = client.send(request);

        if (c.expected() == ANY_4XX) {
            assertThat(response.status()).as(response.text()).isBetween(400, 499);
        } else {
            assertThat(response.status()).as(response.text()).isEqualTo(c.expected());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body().path("status").asInt()).isEqualTo(c.expected());
        }
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("at dev.twitterlike");
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", user)).isZero();
    }

    private static Case post(String name, String json, int expected) {
        return postBytes(name, bytes(json), expected);
    }

    private static Case postBytes(String name, byte[] body, int expected) {
        return new Case(name, "POST", "/api/tweets", JSON_TYPE, body, Map.of(), false, expected);
    }

    private static Case get(String name, String path, int expected) {
        return new Case(name, "GET", path, null, null, Map.of(), false, expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {"content": "ok <garbage> ok"} with raw bytes that are not UTF-8 in the middle. */
    private static byte[] utf8WithGarbage(byte[] garbage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("{\"content\": \"ok "));
        out.writeBytes(garbage);
        out.writeBytes(bytes(" ok\"}"));
        return out.toByteArray();
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }
}
