package dev.twitterlike.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs first on every request: takes the request id from {@code X-Request-Id} (or makes one),
 * echoes it on the response, verifies the gateway's identity headers (made for this method, path
 * and service: {@link IdentitySigner}), and puts both into the
 * logging context (MDC keys {@code requestId} and {@code userId}) so every log line of the
 * request carries them.
 */
public class RequestIdentityFilter extends OncePerRequestFilter {

    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_USER_ID = "userId";
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /**
     * The access log, carrying requestId and userId (never for probes and metrics scrapes): a
     * failed ({@code >= 400}) or slow request at INFO, every other one at DEBUG
     * ({@code logging.level.access=DEBUG} shows them all). A JSON line per successful read cost
     * timeline-service 5 % of its CPU at saturation; {@code http.server.requests} counts them.
     */
    private static final Logger access = LoggerFactory.getLogger("access");
    /** A request at least this slow is logged at INFO whatever its status. */
    static final long SLOW_MS = 1_000;

    private final IdentitySigner signer;
    private final String service;

    /** @param service this service's name, which the gateway's signature must name */
    public RequestIdentityFilter(IdentitySigner signer, String service) {
        this.signer = signer;
        this.service = service;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(IdentityHeaders.REQUEST_ID);
        if (requestId == null || !SAFE_REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        response.setHeader(IdentityHeaders.REQUEST_ID, requestId);
        MDC.put(MDC_REQUEST_ID, requestId);
        OptionalLong userId = signer.verify(request.getHeader(IdentityHeaders.USER_ID), request.getHeader(IdentityHeaders.SIGNATURE),
                request.getMethod(), request.getRequestURI(), service);
        if (userId.isPresent()) {
            request.setAttribute(CurrentUserArgumentResolver.ATTRIBUTE, userId.getAsLong());
            MDC.put(MDC_USER_ID, Long.toString(userId.getAsLong()));
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long ms = (System.nanoTime() - started) / 1_000_000;
            int status = response.getStatus();
            Level level = status >= 400 || ms >= SLOW_MS ? Level.INFO : Level.DEBUG;
            if (!isProbe(request.getRequestURI()) && access.isEnabledForLevel(level)) {
                access.atLevel(level).log("{} {} {} {}ms", request.getMethod(), request.getRequestURI(), status, ms);
            }
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_USER_ID);
        }
    }

    private static boolean isProbe(String path) {
        return path.equals("/live") || path.equals("/ready") || path.equals("/health") || path.startsWith("/actuator");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
