package dev.twitterlike.common.events;

/**
 * A record no retry can make readable: not JSON, or a field the consumer needs is missing or
 * malformed (an id that is not a positive whole number, a time that is not ISO-8601).
 * {@link ConsumerErrors} sends it to {@code <topic>.dlt} at once; it never becomes a 0 or "now".
 */
public class UnreadableEvent extends RuntimeException {

    public UnreadableEvent(String message) {
        super(message);
    }

    public UnreadableEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
