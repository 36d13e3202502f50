package dev.twitterlike.notification.reading;

import java.util.List;

/** A page of notifications and the cursor of the next (older) page, null at the end. */
public record Page<T>(List<T> items, String nextCursor) {
}
