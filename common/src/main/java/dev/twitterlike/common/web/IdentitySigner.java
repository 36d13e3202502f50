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
 * Signs and checks the identity header: {@code X-User-Signature: <epochSeconds>.<hmac>}, where
 * the HMAC-SHA256 covers the user id, the time, and the request it was made for: the method,
 * the path and the service it is sent to. A request that bypasses the gateway cannot claim a
 * user without the secret; a captured signature is good only for the same method on the same
 * path of the same service (a GET to trend-service does not become a DELETE on tweet-service),
 * and only for {@link #MAX_AGE}.
 * <p>
 * The gateway signs just before it forwards a request (after the body is read), so the window
 * only has to cover the hop and clock skew between machines.
 */
public final class IdentitySigner {

    public static final Duration MAX_AGE = Duration.ofSeconds(30);
    /** How far ahead of this clock a signature's time may be (the gateway's clock runs fast). */
    public static final Duration MAX_SKEW = Duration.ofSeconds(5);
    /** The shortest secret accepted: 32 bytes, as much as the HMAC-SHA256 key can use. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** Initialised with the key once; each signature works on a clone (no provider lookup, no key schedule per request). */
    private final Mac initialised;
    private final Clock clock;

    public IdentitySigner(String secret) {
        this(secret, Clock.systemUTC());
    }

    public IdentitySigner(String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("No internal secret: set INTERNAL_SECRET (at least " + MIN_SECRET_BYTES
                    + " random bytes, e.g. `head -c 32 /dev/urandom | base64`); scripts/run.sh makes one per installation");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("The internal secret (INTERNAL_SECRET) has " + bytes.length
                    + " bytes; at least " + MIN_SECRET_BYTES + " are required");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.initialised = newMac(key);
        this.clock = clock;
    }

    /**
     * @param method  the HTTP method, e.g. {@code GET}
     * @param path    the request's path as sent (raw, without the query)
     * @param service the name of the service it is sent to ({@code spring.application.name})
     */
    public String sign(long userId, String method, String path, String service) {
        long now = clock.instant().getEpochSecond();
        return now + "." + mac(userId, now, method, path, service);
    }

    /** The user id if the header pair is genuine, fresh, and made for this request; empty otherwise. */
    public OptionalLong verify(String userIdHeader, String signatureHeader, String method, String path, String service) {
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
            if (age < -MAX_SKEW.toSeconds() || age > MAX_AGE.toSeconds()) {
                return OptionalLong.empty();
            }
            byte[] expected = mac(userId, signedAt, method, path, service).getBytes(StandardCharsets.US_ASCII);
            byte[] actual = signatureHeader.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, actual) ? OptionalLong.of(userId) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private String mac(long userId, long epochSeconds, String method, String path, String service) {
        Mac mac;
        try {
            mac = (Mac) initialised.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac(key);
        }
        // newline-separated: none of the parts can contain one (a path's is percent-encoded)
        String signed = userId + "\n" + epochSeconds + "\n" + method + "\n" + path + "\n" + service;
        byte[] digest = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
