package dev.twitterlike.notification.reading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one page of items from notifications read newest first. Grouped, every like (or
 * retweet) of the same tweet among the notifications the page covers joins one item, placed
 * where its newest member is; everything else is an item of its own. The page ends just before
 * the notification that would start item {@code limit + 1}, so the next page (cursor = the last
 * notification taken) starts exactly there: nothing is skipped or shown twice, only a group that
 * straddles two pages shows on both, each with its own members.
 */
final class PageGrouping {

    private final int limit;
    private final boolean grouped;
    private final Map<String, List<NotificationRow>> items = new LinkedHashMap<>();
    private long lastTaken;

    PageGrouping(int limit, boolean grouped) {
        this.limit = limit;
        this.grouped = grouped;
    }

    /** Takes the next (older) notification, or returns false when the page is full before it. */
    boolean take(NotificationRow row) {
        String key = grouped && row.groupable() ? row.type() + ":" + row.tweetId() : "one:" + row.id();
        List<NotificationRow> members = items.get(key);
        if (members == null) {
            if (items.size() == limit) {
                return false;
            }
            members = new ArrayList<>();
            items.put(key, members);
        }
        members.add(row);
        lastTaken = row.id();
        return true;
    }

    /** The items in page order, each its members newest first. */
    List<List<NotificationRow>> items() {
        return List.copyOf(items.values());
    }

    long lastTaken() {
        return lastTaken;
    }
}
