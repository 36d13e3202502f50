package dev.twitterlike.tweet.reading;

import dev.twitterlike.common.web.Problems;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An opaque keyset cursor over lists ordered newest first by Snowflake id (which orders by time):
 * the id of the last tweet of a page. The next page starts strictly below it, so tweets posted
 * or deleted meanwhile cause neither duplicates nor gaps.
 */
record TweetCursor(long beforeId) {

    private static final String PREFIX = "t:";

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + beforeId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a client sent back; null for the first page; a 400 if it is not one we gave out. */
    static TweetCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (decoded.startsWith(PREFIX)) {
                long id = Long.parseLong(decoded.substring(PREFIX.length()));
                if (id > 0) {
                    return new TweetCursor(id);
                }
            }
        } catch (IllegalArgumentException notACursor) {
            // NumberFormatException included: reported below
        }
        throw Problems.invalid(Map.of("cursor", "is not a cursor this API gave out"));
    }
}
