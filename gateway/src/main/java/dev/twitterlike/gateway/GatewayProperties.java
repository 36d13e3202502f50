package dev.twitterlike.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * @param identitySecret  shared with the services; signs the identity header
 * @param sessionCookie   the name of the session cookie graph-service sets
 * @param publicWrites    non-GET paths that need no session (register, login)
 * @param protectedReads  GET paths that need a session (the viewer's own timeline, notifications)
 */
@ConfigurationProperties("twitter.gateway")
public record GatewayProperties(String identitySecret, String sessionCookie, List<String> publicWrites,
        List<String> protectedReads) {
}
