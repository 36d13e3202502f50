package dev.twitterlike.timeline;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.timeline.home.HomeTimeline;
import dev.twitterlike.timeline.home.Page;
import dev.twitterlike.timeline.stream.HomeStream;
import dev.twitterlike.timeline.user.UserTimeline;
import dev.twitterlike.tweetviews.TweetView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Map;

/** GET /api/timeline/home and /api/timeline/user/{id}: pages of tweets, newest first; /stream: new ones live. */
@RestController
@RequestMapping("/api/timeline")
class TimelineController {

    private final HomeTimeline home;
    private final UserTimeline user;
    private final HomeStream stream;

    TimelineController(HomeTimeline home, UserTimeline user, HomeStream stream) {
        this.home = home;
        this.user = user;
        this.stream = stream;
    }

    @GetMapping("/home")
    Page<TweetView> home(@CurrentUser long userId, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String sinceId) {
        return home.read(userId, limit, id("cursor", cursor), id("sinceId", sinceId));
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@CurrentUser long userId, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return stream.open(userId, id("Last-Event-ID", lastEventId));
    }

    @GetMapping("/user/{id}")
    Page<TweetView> user(@PathVariable String id, @CurrentUser(required = false) Long viewerId,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String sinceId) {
        Long userId = id("id", id);
        if (userId == null) {
            throw Problems.invalid(Map.of("id", "is required"));
        }
        return user.read(userId, viewerId, limit, id("cursor", cursor), id("sinceId", sinceId));
    }

    /** Ids and cursors are decimal 64-bit ids; anything else is a 400 naming the parameter. */
    static Long id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw Problems.invalid(Map.of(name, "must be an id"));
        }
    }
}
