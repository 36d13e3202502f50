package dev.twitterlike.gateway;

import dev.twitterlike.common.web.Problems;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;

/** Writes RFC 9457 problem JSON from the gateway's own filters and handlers (when no service answers). */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private ProblemResponses() {
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setType(Problems.type(type));
        problem.setInstance(URI.create(path));
        return problem;
    }

    static byte[] json(ProblemDetail problem) {
        return JSON.writeValueAsBytes(problem);
    }

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String detail) {
        return write(exchange.getResponse(), problem(status, type, detail, exchange.getRequest().getPath().value()));
    }

    static Mono<Void> write(ServerHttpResponse response, ProblemDetail problem) {
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(json(problem));
        return response.writeWith(Mono.just(body));
    }
}
