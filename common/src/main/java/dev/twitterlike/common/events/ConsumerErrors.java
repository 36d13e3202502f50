package dev.twitterlike.common.events;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

/**
 * The error handling every Kafka listener in the system uses: {@link EventsAutoConfiguration}
 * declares it once, and Spring Boot puts it on every listener container. Failures are retried with exponential back-off,
 * 200 ms doubling to 5 s between attempts, for as long as it takes, because a failure here
 * usually means a dependency (Valkey, PostgreSQL) is away, and the event must wait, not be
 * dropped. Records that can never succeed ({@link UnreadableEvent}: not JSON, a missing or
 * malformed id or time, see {@link IncomingEvent}) go straight to {@code <topic>.dlt} and do
 * not block their partition.
 */
public final class ConsumerErrors {

    private ConsumerErrors() {
    }

    public static DefaultErrorHandler retryThenDeadLetter(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnreadableEvent.class, JacksonException.class, IllegalArgumentException.class, NullPointerException.class);
        return handler;
    }
}
