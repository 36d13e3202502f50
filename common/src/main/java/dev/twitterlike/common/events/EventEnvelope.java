package dev.twitterlike.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on every topic: a unique event id (consumers use it to drop redeliveries),
 * the event type (the topic name), when it happened, the key it is partitioned by (the
 * acting user's id, as a string) and the payload. Consumers are tolerant readers: they read
 * the payload fields they need into their own record and ignore the rest.
 *
 * @param <T> the payload type; producers use their event record, consumers their own view
 */
public record EventEnvelope<T>(UUID eventId, String type, Instant occurredAt, String key, T payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(key, "key");
    }

    /** A new event with a random id, happening now. */
    public static <T> EventEnvelope<T> of(String type, long actorId, T payload) {
        return new EventEnvelope<>(UUID.randomUUID(), type, Instant.now(), Long.toString(actorId), payload);
    }
}
