package dev.twitterlike.common.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the dependencies this service itself uses (PostgreSQL, Valkey, Kafka), in parallel
 * and each within a time limit, through Spring Boot's own health indicators. The result
 * backs {@code /health} (a JSON per dependency, as in the design) and {@code /ready}.
 *
 * <p>{@code /ready} answers the load balancer's question, "can this instance serve requests?":
 * 503 when a dependency it cannot serve without fails, 200 when only an <em>optional</em> one
 * does ({@code twitter.ops.optional-dependencies}): tweet-service keeps accepting posts while
 * Kafka is down (the outbox holds the events), timeline-service serves from PostgreSQL while
 * Valkey is down. Taking such an instance out of the rotation would turn a degradation the
 * design plans for into an outage. The optional failures are still named, as {@code degraded}.
 *
 * <p>The checks run in the background, every {@code interval}, and the probes answer from the
 * last result at once. A probe that waited for the checks would answer as slowly as the
 * slowest dependency: with Kafka down its check takes its full time limit, longer than the
 * gateway's health check waits, and the gateway took every instance out of the rotation for a
 * dependency they serve without. At most one check per dependency is in flight: one that hangs
 * is reported as failing at its time limit, and no new one piles up behind it.
 */
public class DependencyHealth implements AutoCloseable {

    /** Our name for a dependency, and the name Spring Boot gives its health contributor. */
    private static final Map<String, String> CONTRIBUTORS = Map.of("postgres", "db", "redis", "redis", "kafka", "kafka");
    private static final List<String> ORDER = List.of("postgres", "redis", "kafka");

    private final HealthContributors contributors;
    private final ApplicationAvailability availability;
    private final Duration timeout;
    private final Set<String> optional;
    private final ExecutorService probes = Executors.newFixedThreadPool(ORDER.size(), daemon("dependency-health"));
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(daemon("dependency-health-schedule"));
    private final Map<String, CompletableFuture<DependencyStatus>> inFlight = new ConcurrentHashMap<>();
    private volatile Report latest;

    public DependencyHealth(HealthContributors contributors, ApplicationAvailability availability, Duration timeout,
            Duration interval, Set<String> optional) {
        this.optional = Set.copyOf(optional);
        this.contributors = contributors;
        this.availability = availability;
        this.timeout = timeout;
        schedule.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        probes.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DependencyStatus(String status, String message) {
        static DependencyStatus ok() {
            return new DependencyStatus("ok", null);
        }

        static DependencyStatus error(String message) {
            return new DependencyStatus("error", message);
        }

        @JsonIgnore
        public boolean isOk() {
            return "ok".equals(status);
        }
    }

    /**
     * @param status    {@code ok} when everything answers, {@code degraded} when only optional
     *                  dependencies fail, {@code down} when the instance cannot serve
     */
    public record Report(String status, Instant timestamp, Map<String, DependencyStatus> services,
            @JsonIgnore Set<String> optional) {
        /** The instance can serve requests (every required dependency answers). */
        @JsonIgnore
        public boolean isReady() {
            return !"down".equals(status);
        }

        /** Failing dependencies the instance cannot serve without. */
        @JsonIgnore
        public List<String> failing() {
            return failed().filter(name -> !optional.contains(name)).toList();
        }

        /** Failing dependencies the instance serves without, in a degraded way. */
        @JsonIgnore
        public List<String> degraded() {
            return failed().filter(optional::contains).toList();
        }

        /** The body of {@code /ready}: its status, and what fails or is served without. */
        @JsonIgnore
        public Map<String, Object> readiness() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", isReady() ? "ready" : "not ready");
            if (!isReady()) {
                body.put("failing", failing());
            }
            if (!degraded().isEmpty()) {
                body.put("degraded", degraded());
            }
            return body;
        }

        private java.util.stream.Stream<String> failed() {
            return services.entrySet().stream().filter(e -> !e.getValue().isOk()).map(Map.Entry::getKey);
        }
    }

    /** The dependencies this service has, in a fixed order. */
    public List<String> dependencies() {
        return ORDER.stream().filter(name -> contributors.getContributor(CONTRIBUTORS.get(name)) != null).toList();
    }

    /** The last checks' result (the first call checks at once), with the instance's own readiness now. */
    public Report check() {
        Report report = latest;
        if (report == null) {
            synchronized (this) {
                if (latest == null) {
                    refresh();
                }
                report = latest;
            }
        }
        boolean accepting = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        return accepting || "down".equals(report.status()) ? report
                : new Report("down", report.timestamp(), report.services(), optional);
    }

    private void refresh() {
        Map<String, CompletableFuture<DependencyStatus>> pending = new LinkedHashMap<>();
        for (String name : dependencies()) {
            HealthContributor contributor = contributors.getContributor(CONTRIBUTORS.get(name));
            // a check still running from before is waited for, not doubled
            pending.put(name, inFlight.compute(name, (key, running) -> running != null && !running.isDone() ? running
                    : CompletableFuture.supplyAsync(() -> probe(contributor), probes)));
        }
        Map<String, DependencyStatus> services = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        pending.forEach((name, future) -> services.put(name, await(future, deadline)));
        // the instance's own readiness is applied when the report is read (check)
        boolean requiredOk = services.entrySet().stream()
                .allMatch(e -> e.getValue().isOk() || optional.contains(e.getKey()));
        boolean allOk = services.values().stream().allMatch(DependencyStatus::isOk);
        latest = new Report(!requiredOk ? "down" : allOk ? "ok" : "degraded", Instant.now(), services, optional);
    }

    private static DependencyStatus probe(HealthContributor contributor) {
        if (!(contributor instanceof HealthIndicator indicator)) {
            return DependencyStatus.error("not a health indicator");
        }
        try {
            Health health = indicator.health(true);
            if (Status.UP.equals(health.getStatus())) {
                return DependencyStatus.ok();
            }
            Object error = health.getDetails().get("error");
            return DependencyStatus.error(error == null ? health.getStatus().getCode() : error.toString());
        } catch (RuntimeException e) {
            return DependencyStatus.error(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private DependencyStatus await(CompletableFuture<DependencyStatus> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return DependencyStatus.error("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DependencyStatus.error("interrupted");
        } catch (Exception e) {
            return DependencyStatus.error(e.toString());
        }
    }
}
