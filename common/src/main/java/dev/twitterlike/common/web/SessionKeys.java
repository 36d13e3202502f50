package dev.twitterlike.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Where a session lives. The cookie carries a random token; graph-service's {@code sessions}
 * table and Valkey's {@code session:<hash>} keys hold only the token's SHA-256, so neither a
 * copy of the table nor a look at Valkey signs anyone in. graph-service writes both; the
 * gateway reads Valkey and, when Valkey cannot answer, asks graph-service.
 */
public final class SessionKeys {

    public static final String PREFIX = "session:";

    private SessionKeys() {
    }

    /** The SHA-256 of a session token (the cookie's value). */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The hash as it appears in keys and URLs: base64url without padding (43 characters). */
    public static String encode(byte[] hash) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    /**
     * The session cookie's name. With Secure cookies (the suite is served over HTTPS) it carries
     * the {@code __Host-} prefix: a browser then accepts it only with Secure, {@code Path=/} and
     * no Domain, from the page's own host, so neither a sibling subdomain nor a plain-HTTP
     * response can plant or overwrite it. Plain-HTTP local runs keep the bare name, which
     * browsers would refuse with the prefix.
     */
    public static String cookieName(String name, boolean secure) {
        return secure ? "__Host-" + name : name;
    }

    /** The Valkey key of a session token. */
    public static String valkeyKey(String token) {
        return PREFIX + encode(hash(token));
    }
}
