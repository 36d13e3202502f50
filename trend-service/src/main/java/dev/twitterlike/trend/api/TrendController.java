package dev.twitterlike.trend.api;

import dev.twitterlike.trend.ranking.TrendSnapshots;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/trends and /api/trends/{location}: the cached top lists (one Valkey read), never
 * computed on a request. Public: no identity needed.
 */
@RestController
@RequestMapping("/api/trends")
class TrendController {

    /**
     * A location key as graph-service makes it ("San Francisco, CA" -> "san-francisco-ca"):
     * lower-case letters and digits in words joined by single hyphens, at most 30 characters.
     */
    static final String LOCATION_KEY = "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{N}]+(?:-[\\p{Ll}\\p{Lm}\\p{Lo}\\p{N}]+)*";

    private final TrendSnapshots snapshots;

    TrendController(TrendSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @GetMapping
    TrendsResponse global(@RequestParam(defaultValue = "10") @Min(1) @Max(50) int limit) {
        return TrendsResponse.of(snapshots.read(null), limit);
    }

    @GetMapping("/{location}")
    TrendsResponse local(
            @PathVariable @Size(max = 30) @Pattern(regexp = LOCATION_KEY, message = "must be a location key like san-francisco-ca")
            String location,
            @RequestParam(defaultValue = "10") @Min(1) @Max(50) int limit) {
        return TrendsResponse.of(snapshots.read(location), limit);
    }
}
