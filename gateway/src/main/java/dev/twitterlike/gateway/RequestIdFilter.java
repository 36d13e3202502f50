package dev.twitterlike.gateway;

import dev.twitterlike.common.web.IdentityHeaders;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane), passes it to
 * the service and returns it to the caller, so one id follows a request through all logs.
 */
@Component
class RequestIdFilter implements WebFilter, Ordered {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = exchange.getRequest().getHeaders().getFirst(IdentityHeaders.REQUEST_ID);
        if (requestId == null || !SAFE.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        String id = requestId;
        ServerWebExchange withId = exchange.mutate()
                .request(r -> r.headers(h -> h.set(IdentityHeaders.REQUEST_ID, id)))
                .build();
        withId.getResponse().getHeaders().set(IdentityHeaders.REQUEST_ID, id);
        return chain.filter(withId);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
