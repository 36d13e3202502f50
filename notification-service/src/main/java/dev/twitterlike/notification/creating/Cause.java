package dev.twitterlike.notification.creating;

import java.time.Instant;
import java.util.UUID;

/** The event a notification (or an undo) comes from: its id for idempotency, its time for ordering. */
record Cause(UUID eventId, Instant occurredAt) {
}
