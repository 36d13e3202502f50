package dev.twitterlike.notification;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.notification.reading.MarkReadRequest;
import dev.twitterlike.notification.reading.NotificationReader;
import dev.twitterlike.notification.reading.NotificationView;
import dev.twitterlike.notification.reading.Page;
import dev.twitterlike.notification.reading.ReadMarker;
import dev.twitterlike.notification.reading.UnreadCount;
import dev.twitterlike.notification.stream.NotificationStream;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Map;

/**
 * The signed-in user's notifications: pages newest first (likes and retweets of one tweet
 * grouped unless {@code grouped=false}), the unread count, marking read, and the live stream.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationReader reader;
    private final ReadMarker marker;
    private final NotificationStream stream;

    NotificationController(NotificationReader reader, ReadMarker marker, NotificationStream stream) {
        this.reader = reader;
        this.marker = marker;
        this.stream = stream;
    }

    @GetMapping
    Page<NotificationView> list(@CurrentUser long userId, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "true") boolean grouped) {
        return reader.page(userId, limit, id("cursor", cursor), grouped);
    }

    @GetMapping("/unread-count")
    UnreadCount unreadCount(@CurrentUser long userId) {
        return reader.unreadCount(userId);
    }

    @PostMapping("/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(@CurrentUser long userId, @RequestBody(required = false) MarkReadRequest request) {
        marker.markRead(userId, request == null ? null : id("upTo", request.upTo()));
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@CurrentUser long userId, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return stream.open(userId, id("Last-Event-ID", lastEventId));
    }

    /** Ids and cursors are decimal 64-bit ids; anything else is a 400 naming the parameter. */
    private static Long id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw Problems.invalid(Map.of(name, "must be an id"));
        }
    }
}
