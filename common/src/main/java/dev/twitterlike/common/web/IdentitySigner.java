package dev.twitterlike.common.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Signs and checks the identity header: {@code X-User-Signature: <epochSeconds>.<hmac>} where
 * the HMAC-SHA256 covers the user id and the time. A request that bypasses the gateway cannot
 * claim a user without the secret, and a captured signature expires after {@link #MAX_AGE}.
 */
public final class IdentitySigner {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    public IdentitySigner(String secret) {
        this(secret, Clock.systemUTC());
    }

    public IdentitySigner(String secret, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the internal secret must have at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    public String sign(long userId) {
        long now = clock.instant().getEpochSecond();
        return now + "." + mac(userId, now);
    }

    /** The user id if the header pair is genuine and fresh, empty otherwise. */
    public OptionalLong verify(String userIdHeader, String signatureHeader) {
        if (userIdHeader == null || signatureHeader == null) {
            return OptionalLong.empty();
        }
        int dot = signatureHeader.indexOf('.');
        if (dot <= 0) {
            return OptionalLong.empty();
        }
        try {
            long userId = Long.parseLong(userIdHeader);
            long signedAt = Long.parseLong(signatureHeader.substring(0, dot));
            long age = clock.instant().getEpochSecond() - signedAt;
            if (age < -60 || age > MAX_AGE.toSeconds()) {
                return OptionalLong.empty();
            }
            byte[] expected = mac(userId, signedAt).getBytes(StandardCharsets.US_ASCII);
            byte[] actual = signatureHeader.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, actual) ? OptionalLong.of(userId) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private String mac(long userId, long epochSeconds) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((userId + "." + epochSeconds).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
