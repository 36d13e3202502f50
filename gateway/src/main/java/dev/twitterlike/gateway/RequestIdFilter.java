package dev.twitterlike.gateway;

import dev.twitterlike.common.web.IdentityHeaders;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane) and returns it
 * to the caller; {@link IdentityForwardingFilter} passes it to the service (in the one change it
 * makes to the request's headers: each change copies them all), so one id follows a request
 * through all logs. A new id is a random version-4 UUID from the thread's own generator: an id
 * to find a request by, not a secret, so it needs no draw from the shared SecureRandom.
 */
@Component
class RequestIdFilter implements WebFilter, Ordered {

    /** The exchange attribute holding the request's id. */
    static final String ID = RequestIdFilter.class.getName() + ".id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = exchange.getRequest().getHeaders().getFirst(IdentityHeaders.REQUEST_ID);
        if (requestId == null || !SAFE.matcher(requestId).matches()) {
            requestId = newId();
        }
        exchange.getAttributes().put(ID, requestId);
        exchange.getResponse().getHeaders().set(IdentityHeaders.REQUEST_ID, requestId);
        return chain.filter(exchange);
    }

    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
