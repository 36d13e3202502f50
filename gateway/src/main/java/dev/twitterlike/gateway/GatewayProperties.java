package dev.twitterlike.gateway;

import dev.twitterlike.common.web.SessionKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * @param identitySecret  shared with the services; signs the identity header
 * @param sessionCookie   the name of the session cookie graph-service sets (before any prefix)
 * @param secureCookies   the suite is served over HTTPS: the cookie is {@code __Host-} prefixed
 * @param publicWrites    non-GET paths that need no session (register, login)
 * @param protectedReads  GET paths that need a session (the viewer's own timeline, notifications)
 * @param maxRequestBody  the largest request body the gateway accepts on any route but uploads
 *                        (JSON: a tweet, a profile, a sign-in)
 * @param maxUploadBody   the largest body of an upload ({@code POST /api/media}: a 5 MB image and
 *                        its multipart framing)
 * @param trustedProxies  the addresses or CIDR blocks of proxies in front of the gateway whose
 *                        {@code X-Forwarded-For} is believed ({@link ClientAddresses}); none by default
 * @param probeLimit      answers a second to {@code /live} and {@code /ready} per client address
 *                        ({@link ProbeRateLimitFilter})
 * @param services        each service's instances (base URLs), for the load balancer ({@link ServiceInstances})
 * @param sessionCache    how long the gateway trusts graph-service's answer about a session it
 *                        asked for because Valkey could not answer: the longest a sign-out takes
 *                        to reach this gateway then ({@link SessionVerifier})
 * @param sessionMemo     how long the gateway keeps Valkey's answer that a session is live, so
 *                        a reader's requests within it cost no lookup: the longest a sign-out
 *                        made through another gateway instance takes to reach this one (a
 *                        sign-out through this one is forgotten at once; {@link SessionIdentityFilter})
 */
@ConfigurationProperties("twitter.gateway")
public record GatewayProperties(String identitySecret, String sessionCookie, boolean secureCookies, List<String> publicWrites,
        List<String> protectedReads, @DefaultValue("64KB") DataSize maxRequestBody,
        @DefaultValue("6MB") DataSize maxUploadBody, Map<String, List<URI>> services,
        @DefaultValue("10s") Duration sessionCache, List<String> trustedProxies, @DefaultValue("20") int probeLimit,
        @DefaultValue("1s") Duration sessionMemo) {

    public GatewayProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    /** The session cookie's name as graph-service sets it ({@code __Host-session} over HTTPS). */
    public String sessionCookieName() {
        return SessionKeys.cookieName(sessionCookie, secureCookies);
    }
}
