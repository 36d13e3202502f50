package dev.twitterlike.graph.session;

import dev.twitterlike.common.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Base64;

/**
 * The gateway's way to a session when Valkey cannot answer or has no copy of it. Not routed by
 * the gateway (only {@code /api/**} is), and it takes the token's hash, never the token: the
 * answer is as hard to get as the cookie itself.
 */
@RestController
class InternalSessionController {

    record SessionView(String userId, Instant expiresAt) {
    }

    private final SessionStore sessions;

    InternalSessionController(SessionStore sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/internal/sessions/{hash}")
    SessionView session(@PathVariable String hash) {
        byte[] bytes = decode(hash);
        return sessions.find(bytes)
                .map(s -> new SessionView(Long.toString(s.userId()), s.expiresAt()))
                .orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "not-found", "No such session, or it has ended"));
    }

    private static byte[] decode(String hash) {
        if (hash.length() != 43) {
            throw Problems.badRequest("A session hash is 43 base64url characters");
        }
        try {
            return Base64.getUrlDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("A session hash is 43 base64url characters");
        }
    }
}
