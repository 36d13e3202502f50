package dev.twitterlike.gateway;

import dev.twitterlike.common.web.IdentityHeaders;
import dev.twitterlike.common.web.IdentitySigner;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * The last step before a request leaves for a service: what the service may learn about the
 * caller.
 * <ul>
 * <li>The signed-in user ({@link SessionIdentityFilter#USER}) goes as {@code X-User-Id} with a
 *     signature over the user, the time, the method, the path and the target service, so the
 *     signature is worth nothing on another request, and made now (after the body was read and
 *     the instance chosen, and again on a retry) so its window can be short.</li>
 * <li>The request's id ({@link RequestIdFilter}) goes as {@code X-Request-Id}, replacing whatever
 *     the caller sent.</li>
 * <li>The session cookie goes only to the one place that needs it: graph-service's
 *     {@code /api/auth/**} (sign-out ends the session it names; sign-in retires the old one).
 *     Every other service gets no {@code Cookie} header at all: a 7-day credential has no business
 *     in their logs or heap dumps.</li>
 * </ul>
 */
@Component
class IdentityForwardingFilter implements GlobalFilter, Ordered {

    static final String SESSION_SERVICE = "graph-service";
    private static final String SESSION_PATHS = "/api/auth/";

    private final IdentitySigner signer;

    IdentityForwardingFilter(GatewayProperties properties) {
        this.signer = new IdentitySigner(properties.identitySecret());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        String service = route != null ? route.getUri().getHost() : null;
        URI target = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        String path = target != null ? target.getRawPath() : exchange.getRequest().getPath().value();
        String method = exchange.getRequest().getMethod().name();
        Long userId = exchange.getAttribute(SessionIdentityFilter.USER);
        boolean keepsCookie = SESSION_SERVICE.equals(service) && path.startsWith(SESSION_PATHS);
        String requestId = exchange.getAttribute(RequestIdFilter.ID);
        ServerWebExchange forwarded = exchange.mutate().request(r -> r.headers(h -> {
            if (requestId != null) {
                h.set(IdentityHeaders.REQUEST_ID, requestId);
            }
            h.remove(IdentityHeaders.USER_ID);
            h.remove(IdentityHeaders.SIGNATURE);
            if (userId != null && service != null) {
                h.set(IdentityHeaders.USER_ID, Long.toString(userId));
                h.set(IdentityHeaders.SIGNATURE, signer.sign(userId, method, path, service));
            }
            if (!keepsCookie) {
                h.remove(HttpHeaders.COOKIE);
            }
        })).build();
        return chain.filter(forwarded);
    }

    @Override
    public int getOrder() {
        // after the load balancer (10150) and RefusedInstances chose the instance, and after every
        // route filter (Retry runs the rest of the chain again, so a retry is signed afresh);
        // just before NettyRoutingFilter sends the request
        return NettyRoutingFilter.ORDER - 10;
    }
}
