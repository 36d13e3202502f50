package dev.twitterlike.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * @param identitySecret  shared with the services; signs the identity header
 * @param sessionCookie   the name of the session cookie graph-service sets
 * @param publicWrites    non-GET paths that need no session (register, login)
 * @param protectedReads  GET paths that need a session (the viewer's own timeline, notifications)
 * @param maxRequestBody  the largest request body the gateway accepts (a 5 MB image and its multipart framing)
 * @param services        each service's instances (base URLs), for the load balancer ({@link ServiceInstances})
 */
@ConfigurationProperties("twitter.gateway")
public record GatewayProperties(String identitySecret, String sessionCookie, List<String> publicWrites,
        List<String> protectedReads, @DefaultValue("6MB") DataSize maxRequestBody, Map<String, List<URI>> services) {

    public GatewayProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
    }
}
