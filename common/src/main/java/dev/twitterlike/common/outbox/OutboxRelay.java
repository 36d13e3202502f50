package dev.twitterlike.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves committed events from the outbox table to Kafka, oldest first. One batch is locked
 * ({@code FOR UPDATE SKIP LOCKED}, so several instances can relay side by side), sent, and
 * marked published in the same transaction; if Kafka does not acknowledge, nothing is marked
 * and the batch is sent again on the next round. Delivery is therefore at least once, and in
 * order per key; consumers drop duplicates by event id.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final String table;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private volatile long lastFailureLoggedAt;

    record Row(long id, String topic, String key, String payload) {
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
            String table, int batchSize, Duration sendTimeout, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.table = table;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.published = Counter.builder("outbox.published").description("events relayed to Kafka").register(meters);
        this.failures = Counter.builder("outbox.relay.failures").description("relay rounds Kafka did not acknowledge").register(meters);
        Gauge.builder("outbox.pending", pending, AtomicLong::get).description("events not yet relayed").register(meters);
    }

    /** Relays batches until the outbox is empty or Kafka fails; returns how many were sent. */
    public int relay() {
        int total = 0;
        try {
            int sent;
            do {
                sent = relayBatch();
                total += sent;
            } while (sent == batchSize);
        } catch (RuntimeException e) {
            failures.increment();
            long now = System.currentTimeMillis();
            if (now - lastFailureLoggedAt > 30_000) {
                lastFailureLoggedAt = now;
                log.warn("outbox relay paused, will retry: {}", e.toString());
            }
        }
        pending.set(countPending());
        return total;
    }

    private int relayBatch() {
        Integer sent = transactions.execute(status -> {
            List<Row> rows = jdbc.sql("SELECT id, topic, event_key, payload::text AS payload FROM " + table
                            + " WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                    .param(batchSize)
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("event_key"),
                            rs.getString("payload")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
                record.headers().add("eventType", row.topic().getBytes(StandardCharsets.UTF_8));
                acks.add(kafka.send(record));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while relaying", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
            }
            jdbc.sql("UPDATE " + table + " SET published_at = now() WHERE id IN (:ids)")
                    .param("ids", rows.stream().map(Row::id).toList())
                    .update();
            return rows.size();
        });
        int count = sent == null ? 0 : sent;
        published.increment(count);
        return count;
    }

    private long countPending() {
        try {
            return jdbc.sql("SELECT count(*) FROM " + table + " WHERE published_at IS NULL").query(Long.class).single();
        } catch (RuntimeException e) {
            return pending.get();
        }
    }

    /** Deletes published events older than the retention; they are in Kafka now. */
    public int purgePublished(Duration retention) {
        return jdbc.sql("DELETE FROM " + table + " WHERE published_at < now() - make_interval(secs => ?)")
                .param(retention.toSeconds())
                .update();
    }
}
