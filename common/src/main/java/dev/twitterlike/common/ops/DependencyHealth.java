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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the dependencies this service itself uses (PostgreSQL, Valkey, Kafka), in parallel
 * and each within a time limit, through Spring Boot's own health indicators. The result
 * backs {@code /health} (a JSON per dependency, as in the design) and {@code /ready} (200 only
 * when every dependency answers and the application accepts traffic).
 */
public class DependencyHealth {

    /** Our name for a dependency, and the name Spring Boot gives its health contributor. */
    private static final Map<String, String> CONTRIBUTORS = Map.of("postgres", "db", "redis", "redis", "kafka", "kafka");
    private static final List<String> ORDER = List.of("postgres", "redis", "kafka");

    private final HealthContributors contributors;
    private final ApplicationAvailability availability;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "dependency-health");
        thread.setDaemon(true);
        return thread;
    });

    public DependencyHealth(HealthContributors contributors, ApplicationAvailability availability, Duration timeout) {
        this.contributors = contributors;
        this.availability = availability;
        this.timeout = timeout;
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

    public record Report(String status, Instant timestamp, Map<String, DependencyStatus> services) {
        @JsonIgnore
        public boolean isOk() {
            return "ok".equals(status);
        }

        @JsonIgnore
        public List<String> failing() {
            return services.entrySet().stream().filter(e -> !e.getValue().isOk()).map(Map.Entry::getKey).toList();
        }
    }

    /** The dependencies this service has, in a fixed order. */
    public List<String> dependencies() {
        return ORDER.stream().filter(name -> contributors.getContributor(CONTRIBUTORS.get(name)) != null).toList();
    }

    public Report check() {
        Map<String, CompletableFuture<DependencyStatus>> pending = new LinkedHashMap<>();
        for (String name : dependencies()) {
            HealthContributor contributor = contributors.getContributor(CONTRIBUTORS.get(name));
            pending.put(name, CompletableFuture.supplyAsync(() -> probe(contributor), executor));
        }
        Map<String, DependencyStatus> services = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        pending.forEach((name, future) -> services.put(name, await(future, deadline)));
        boolean accepting = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        boolean allOk = accepting && services.values().stream().allMatch(DependencyStatus::isOk);
        return new Report(allOk ? "ok" : "degraded", Instant.now(), services);
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
            future.cancel(true);
            return DependencyStatus.error("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DependencyStatus.error("interrupted");
        } catch (Exception e) {
            return DependencyStatus.error(e.toString());
        }
    }
}
