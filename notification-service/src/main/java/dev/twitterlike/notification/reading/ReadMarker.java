package dev.twitterlike.notification.reading;

import dev.twitterlike.notification.UnreadCountChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** {@code POST /api/notifications/read}: marks everything, or everything up to an id, as read. */
@Service
public class ReadMarker {

    private final NotificationQueries queries;
    private final ApplicationEventPublisher events;

    ReadMarker(NotificationQueries queries, ApplicationEventPublisher events) {
        this.queries = queries;
        this.events = events;
    }

    /** @param upTo the newest notification to mark (inclusive); null for all */
    public void markRead(long recipientId, Long upTo) {
        if (queries.markRead(recipientId, upTo == null ? Long.MAX_VALUE : upTo) > 0) {
            // the recipient's other open streams (another tab, another device) update their badge
            events.publishEvent(new UnreadCountChanged(recipientId));
        }
    }
}
