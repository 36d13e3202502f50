package dev.twitterlike.common.web;

/**
 * The headers by which the gateway tells a service who is calling. The gateway removes any
 * of them a client sends, resolves the session cookie, and sets both: the user id and a
 * signature over it made with the secret only the gateway and the services share.
 */
public final class IdentityHeaders {

    public static final String USER_ID = "X-User-Id";
    public static final String SIGNATURE = "X-User-Signature";
    public static final String REQUEST_ID = "X-Request-Id";

    private IdentityHeaders() {
    }
}
