package dev.twitterlike.graph.follow;

import dev.twitterlike.common.web.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * An opaque keyset cursor: the (time, id) of the last row of a page. The next page starts
 * strictly after it, so rows inserted or removed meanwhile cause neither duplicates nor gaps.
 */
record Cursor(Instant at, long id) {

    String encode() {
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            long micros = Long.parseLong(parts[0]);
            return new Cursor(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            throw Problems.invalid(java.util.Map.of("cursor", "is not a cursor this API gave out"));
        }
    }
}
