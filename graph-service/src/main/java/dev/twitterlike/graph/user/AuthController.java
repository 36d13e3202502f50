package dev.twitterlike.graph.user;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.graph.session.SessionCookies;
import dev.twitterlike.graph.session.SessionStore;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Register, sign in, sign out, and who am I. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final Accounts accounts;
    private final UserQueries queries;
    private final SessionStore sessions;
    private final SessionCookies cookies;
    private final SignInLimit signIns;

    AuthController(Accounts accounts, UserQueries queries, SessionStore sessions, SessionCookies cookies, SignInLimit signIns) {
        this.signIns = signIns;
        this.accounts = accounts;
        this.queries = queries;
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @PostMapping("/register")
    ResponseEntity<UserView> register(@Valid @RequestBody RegistrationRequest request, HttpServletRequest http) {
        request.requireEncodablePassword();
        long userId = accounts.register(request);
        return ResponseEntity.created(URI.create("/api/users/" + userId))
                .header(HttpHeaders.SET_COOKIE, cookies.issue(sessions.create(userId), http))
                .body(queries.byId(userId, userId).orElseThrow());
    }

    @PostMapping("/login")
    ResponseEntity<UserView> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        signIns.attempt(request.username());
        long userId = accounts.authenticate(request)
                .orElseThrow(() -> Problems.of(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong username or password"));
        signIns.succeeded(request.username());
        String previous = sessionId(http);
        if (previous != null) {
            sessions.delete(previous);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookies.issue(sessions.create(userId), http))
                .body(queries.byId(userId, userId).orElseThrow());
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpServletRequest http) {
        sessions.delete(sessionId(http));
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookies.clear(http)).build();
    }

    @GetMapping("/me")
    UserView me(@CurrentUser long userId) {
        return queries.byId(userId, userId).orElseThrow(Problems::unauthorized);
    }

    private String sessionId(HttpServletRequest http) {
        if (http.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : http.getCookies()) {
            if (cookie.getName().equals(cookies.name())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
