package dev.twitterlike.notification.reading;

import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/** The recipient's notifications: pages newest first (grouped or not), single ones, counts. */
@Service
public class NotificationReader {

    /**
     * At most this many notifications are read for one grouped page: a run of thousands of likes
     * of one tweet ends the page there (with a cursor) instead of reading them all at once.
     */
    static final int GROUPED_SCAN_LIMIT = 1000;

    private final NotificationQueries queries;
    private final Hydrator hydrator;

    NotificationReader(NotificationQueries queries, Hydrator hydrator) {
        this.queries = queries;
        this.hydrator = hydrator;
    }

    /**
     * Up to {@code limit} items older than {@code before}. The cursor is the id of the last
     * notification the page covers (the oldest member of its last item), so paging is exact
     * whatever the grouping did.
     */
    public Page<NotificationView> page(long recipientId, int limit, Long before, boolean grouped) {
        PageGrouping page = new PageGrouping(limit, grouped);
        long cursor = before == null ? Long.MAX_VALUE : before;
        // grouping may fold many notifications into one item: read generous batches, at least 50
        int batch = grouped ? Math.max(50, limit * 2 + 1) : limit + 1;
        int scanned = 0;
        boolean more = false;
        read:
        while (true) {
            List<NotificationRow> rows = queries.olderThan(recipientId, cursor, batch);
            for (NotificationRow row : rows) {
                if (scanned == GROUPED_SCAN_LIMIT || !page.take(row)) {
                    more = true;
                    break read;
                }
                scanned++;
            }
            if (rows.size() < batch) {
                break;
            }
            cursor = rows.get(rows.size() - 1).id();
        }
        List<NotificationView> items = hydrator.hydrate(page.items(), recipientId, grouped);
        return new Page<>(items, more ? Long.toString(page.lastTaken()) : null);
    }

    /** One notification as a stream sends it (never grouped); empty once it was removed. */
    public Optional<NotificationView> one(long recipientId, long id) {
        return queries.one(recipientId, id)
                .flatMap(row -> hydrator.hydrate(List.of(List.of(row)), recipientId, false).stream().findFirst());
    }

    /** Notifications newer than {@code after}, oldest first, for a stream's replay. */
    public List<NotificationView> newerThan(long recipientId, long after, int limit) {
        return hydrator.hydrate(queries.newerThan(recipientId, after, limit).stream().map(List::of).toList(),
                recipientId, false);
    }

    /** The newest notification's id, 0 when there is none. */
    public long newestId(long recipientId) {
        return queries.newestId(recipientId);
    }

    public UnreadCount unreadCount(long recipientId) {
        return new UnreadCount(queries.unreadCount(recipientId));
    }
}
