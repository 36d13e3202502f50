package dev.twitterlike.common.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The tolerant reader every Kafka listener reads its records with: the envelope
 * ({@link EventEnvelope}: {@code eventId}, {@code type}, {@code occurredAt}, {@code payload})
 * and the payload fields the consumer needs, ignoring the rest. One rule for all of them:
 * <ul>
 *   <li>an id is a positive whole number, as a JSON number or a string of digits (read exactly,
 *       no rounding through a double);</li>
 *   <li>a time is an ISO-8601 string ({@code 2026-12-01T16:54:29.481Z}), as this system's
 *       Jackson writes {@link Instant}s;</li>
 *   <li>a required field that is missing, null or malformed, or an optional one present but
 *       malformed, makes the record an {@link UnreadableEvent}: a dead letter, never a 0 or
 *       "now".</li>
 * </ul>
 * Fields are checked when the consumer asks for them, so a record is judged only on what its
 * consumer reads.
 */
public final class IncomingEvent {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private final JsonNode event;
    private final JsonNode payload;

    private IncomingEvent(JsonNode event, JsonNode payload) {
        this.event = event;
        this.payload = payload;
    }

    /** Reads a record's value: a JSON object with an object {@code payload}. */
    public static IncomingEvent read(String value) {
        JsonNode event;
        try {
            event = value == null ? null : JSON.readTree(value);
        } catch (JacksonException e) {
            throw new UnreadableEvent("not JSON: " + e.getOriginalMessage(), e);
        }
        if (event == null || !event.isObject()) {
            throw new UnreadableEvent("not a JSON object");
        }
        JsonNode payload = event.path("payload");
        if (!payload.isObject()) {
            throw new UnreadableEvent("payload: missing or not an object");
        }
        return new IncomingEvent(event, payload);
    }

    /** The event type (the topic's name). */
    public String type() {
        JsonNode type = event.path("type");
        if (!type.isString() || type.asString().isBlank()) {
            throw new UnreadableEvent("type: missing or not a string");
        }
        return type.asString();
    }

    /** The event's unique id, which consumers use to drop redeliveries. */
    public UUID eventId() {
        JsonNode id = event.path("eventId");
        if (!id.isString()) {
            throw new UnreadableEvent("eventId: missing or not a string");
        }
        try {
            return UUID.fromString(id.asString());
        } catch (IllegalArgumentException e) {
            throw new UnreadableEvent("eventId: not a UUID: " + id, e);
        }
    }

    /** When the event happened. */
    public Instant occurredAt() {
        return time("occurredAt", event.path("occurredAt"));
    }

    /** A payload id that must be there. */
    public long id(String field) {
        JsonNode node = payload.path(field);
        if (absent(node)) {
            throw new UnreadableEvent("payload." + field + ": missing");
        }
        return id("payload." + field, node);
    }

    /** A payload id that may be absent or null (then null), but is an id when present. */
    public Long optionalId(String field) {
        JsonNode node = payload.path(field);
        return absent(node) ? null : id("payload." + field, node);
    }

    /** A payload list of ids; absent or null is an empty list, every element must be an id. */
    public List<Long> ids(String field) {
        JsonNode node = payload.path(field);
        List<Long> ids = new ArrayList<>();
        if (absent(node)) {
            return ids;
        }
        if (!node.isArray()) {
            throw new UnreadableEvent("payload." + field + ": not an array");
        }
        for (int i = 0; i < node.size(); i++) {
            ids.add(id("payload." + field + "[" + i + "]", node.get(i)));
        }
        return ids;
    }

    /** A payload time that may be absent or null (then null), but is ISO-8601 when present. */
    public Instant optionalTime(String field) {
        JsonNode node = payload.path(field);
        return absent(node) ? null : time("payload." + field, node);
    }

    /** The payload itself, for the fields that are neither ids nor times (texts, tags). */
    public JsonNode payload() {
        return payload;
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static long id(String name, JsonNode node) {
        long id;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            id = node.longValue();
        } else if (node.isString() && DIGITS.matcher(node.asString()).matches()) {
            try {
                id = Long.parseLong(node.asString());
            } catch (NumberFormatException e) {
                throw new UnreadableEvent(name + ": not an id: " + node, e);
            }
        } else {
            throw new UnreadableEvent(name + ": not an id: " + node);
        }
        if (id <= 0) {
            throw new UnreadableEvent(name + ": not a positive id: " + id);
        }
        return id;
    }

    private static Instant time(String name, JsonNode node) {
        if (absent(node)) {
            throw new UnreadableEvent(name + ": missing");
        }
        if (!node.isString()) {
            throw new UnreadableEvent(name + ": not an ISO-8601 time: " + node);
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            throw new UnreadableEvent(name + ": not an ISO-8601 time: " + node, e);
        }
    }
}
