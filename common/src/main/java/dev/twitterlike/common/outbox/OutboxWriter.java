package dev.twitterlike.common.outbox;

import dev.twitterlike.common.events.EventEnvelope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event in the service's outbox table, inside the caller's transaction: the event
 * exists exactly when the change it describes was committed. {@link OutboxRelay} sends it to
 * Kafka afterwards. Never send to Kafka from inside a database transaction (a dual write).
 */
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final String table;
    private final Runnable afterCommit;

    /**
     * @param table       the outbox table, schema-qualified ({@code graph.outbox})
     * @param afterCommit run once after a transaction that appended events commits
     *                    ({@link OutboxRelay#wake()})
     */
    public OutboxWriter(JdbcClient jdbc, JsonMapper json, String table, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.json = json;
        this.table = table;
        this.afterCommit = afterCommit;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public <T> EventEnvelope<T> append(String topic, long actorId, T payload) {
        EventEnvelope<T> event = EventEnvelope.of(topic, actorId, payload);
        jdbc.sql("INSERT INTO " + table + " (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")
                .params(event.eventId(), topic, event.key(), json.writeValueAsString(event))
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.run();
                }
            });
        }
        return event;
    }
}
