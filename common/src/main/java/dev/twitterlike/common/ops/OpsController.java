package dev.twitterlike.common.ops;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The three probes the design asks for: {@code /live} (the process answers; no dependency
 * checks, so a slow database never gets the process restarted), {@code /ready} (200 when the
 * instance can serve, naming any optional dependency it is serving without; 503 naming the
 * failing ones otherwise) and {@code /health} (details).
 */
@RestController
public class OpsController {

    private final DependencyHealth health;

    public OpsController(DependencyHealth health) {
        this.health = health;
    }

    @GetMapping("/live")
    public Map<String, String> live() {
        return Map.of("status", "alive");
    }

    @GetMapping("/ready")
    public ResponseEntity<Map<String, Object>> ready() {
        DependencyHealth.Report report = health.check();
        return ResponseEntity.status(report.isReady() ? 200 : 503).body(report.readiness());
    }

    @GetMapping("/health")
    public ResponseEntity<DependencyHealth.Report> health() {
        DependencyHealth.Report report = health.check();
        return ResponseEntity.status(report.isReady() ? 200 : 503).body(report);
    }
}
