package dev.twitterlike.timeline;

import dev.twitterlike.common.web.Problems;
import dev.twitterlike.timeline.home.HomeTimeline;
import dev.twitterlike.timeline.home.TimelineSql;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Operations: rebuild cached home timelines and recent lists in Valkey from PostgreSQL
 * ({@code scripts/rebuild-timelines.sh}), through the same code a read runs on a cache miss.
 * Not routed by the gateway (only {@code /api/**} is) and, like every service port, bound to
 * loopback: whoever can reach it is on the machine, so it takes no identity, as graph-service's
 * {@code /internal/sessions} does not.
 */
@RestController
@RequestMapping("/internal/ops/timelines")
class TimelineOpsController {

    /** One user's rebuild: their id and how many entries each list got. */
    record UserRebuilt(String userId, int timelineEntries, int recentEntries) {
        static UserRebuilt of(HomeTimeline.Rebuilt r) {
            return new UserRebuilt(Long.toString(r.userId()), r.timelineEntries(), r.recentEntries());
        }
    }

    /** A batch of the walk over every user: how many were rebuilt, where the next batch starts (null: done), the total. */
    record BatchRebuilt(int rebuilt, String next, long total) {
    }

    private final HomeTimeline home;
    private final TimelineSql sql;

    TimelineOpsController(HomeTimeline home, TimelineSql sql) {
        this.home = home;
        this.sql = sql;
    }

    /** {@code ?user=<id>} or {@code ?username=<name>}: one user's timeline and recent list. */
    @PostMapping("/rebuild")
    UserRebuilt rebuild(@RequestParam(required = false) String user, @RequestParam(required = false) String username) {
        long userId;
        if (user != null && !user.isBlank()) {
            userId = id("user", user);
            if (!sql.userExists(userId)) {
                throw Problems.notFound("User", userId);
            }
        } else if (username != null && !username.isBlank()) {
            userId = sql.userIdOf(username).orElseThrow(() -> Problems.notFound("User", username));
        } else {
            throw Problems.invalid(Map.of("user", "give a user id (user=) or a username (username=)"));
        }
        return UserRebuilt.of(withValkey(() -> home.rebuild(userId)));
    }

    /** The next {@code limit} users with an id above {@code after} (none: from the first), in id order. */
    @PostMapping("/rebuild-batch")
    BatchRebuilt rebuildBatch(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        long from = after == null || after.isBlank() ? -1 : id("after", after);
        List<Long> users = sql.userIdsAfter(from, limit);
        withValkey(() -> {
            users.forEach(home::rebuild);
            return null;
        });
        String next = users.size() < limit ? null : Long.toString(users.get(users.size() - 1));
        return new BatchRebuilt(users.size(), next, sql.userCount());
    }

    /** Valkey failing mid-rebuild is a 503 to retry (the rebuild is idempotent), not a 500. */
    private static <T> T withValkey(java.util.function.Supplier<T> rebuild) {
        try {
            return rebuild.get();
        } catch (org.springframework.data.redis.RedisSystemException | org.springframework.data.redis.RedisConnectionFailureException
                | org.springframework.data.redis.connection.RedisPipelineException e) {
            throw Problems.unavailable("Valkey cannot be reached; try the rebuild again shortly");
        }
    }

    private static long id(String name, String value) {
        Long id = TimelineController.id(name, value);
        if (id == null) {
            throw Problems.invalid(Map.of(name, "must be an id"));
        }
        return id;
    }
}
