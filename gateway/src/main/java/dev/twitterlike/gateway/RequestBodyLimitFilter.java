package dev.twitterlike.gateway;

import org.springframework.cloud.gateway.filter.AdaptCachedBodyGlobalFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses request bodies over their route's limit with a 413 problem: uploads
 * ({@code POST /api/media}) may have {@code twitter.gateway.max-upload-body} (6 MB), every other
 * request {@code twitter.gateway.max-request-body} (64 KB: JSON never needs more).
 * <p>
 * A route whose circuit breaker has a {@code fallbackUri} has its request bodies held in memory
 * (by {@link AdaptCachedBodyGlobalFilter}, so the fallback could be sent them too), and nothing
 * bounds that: without this, one huge upload could exhaust the gateway's memory. It runs before
 * that caching: a declared {@code Content-Length} over the limit is refused before a byte is read,
 * and a chunked body is counted as it arrives.
 */
@Component
class RequestBodyLimitFilter implements GlobalFilter, Ordered {

    static final String UPLOAD_PATH = "/api/media";

    private final long maxBytes;
    private final long maxUploadBytes;

    RequestBodyLimitFilter(GatewayProperties properties) {
        this.maxBytes = properties.maxRequestBody().toBytes();
        this.maxUploadBytes = properties.maxUploadBody().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        boolean upload = request.getMethod() == HttpMethod.POST && UPLOAD_PATH.equals(request.getPath().value());
        long maxBytes = upload ? maxUploadBytes : this.maxBytes;
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange, maxBytes);
        }
        if (declared >= 0) {
            // the server reads no more than Content-Length
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(new BodyTooLarge());
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(BodyTooLarge.class, e -> exchange.getResponse().isCommitted() ? Mono.error(e) : tooLarge(exchange, maxBytes));
    }

    private static Mono<Void> tooLarge(ServerWebExchange exchange, long maxBytes) {
        return ProblemResponses.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "too-large",
                "The request body is larger than " + maxBytes + " bytes");
    }

    @Override
    public int getOrder() {
        // after the identity check (which refuses anonymous writes unread), before the body is cached
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }

    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("request body too large", null, false, false);
        }
    }
}
