package dev.twitterlike.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves committed events from the outbox table to Kafka, oldest first, on its own thread: it
 * wakes when a transaction that wrote to the outbox commits (so an event usually reaches Kafka
 * within milliseconds) and otherwise polls every {@code pollInterval}. One batch is read, sent
 * and marked published in one transaction; if Kafka does not acknowledge, nothing is marked and
 * the batch is sent again on the next round, with a growing pause while Kafka stays away.
 * Delivery is therefore at least once, in order per key; consumers drop duplicates by event id.
 *
 * <p>With several instances of a service, a transaction-scoped advisory lock lets one relay at a
 * time work on the table, so two instances never send the same events or reorder them.
 */
public class OutboxRelay implements SmartLifecycle {

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
    private final long lockKey;
    private final Duration pollInterval;
    private final Duration retention;
    private long lastPurge = System.nanoTime();
    private final Semaphore wake = new Semaphore(0);
    private volatile long lastFailureLoggedAt;
    private volatile boolean running;
    private Thread worker;

    record Row(long id, String topic, String key, String payload) {
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
            String table, int batchSize, Duration sendTimeout, Duration pollInterval, Duration retention, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.pollInterval = pollInterval;
        this.lockKey = ("outbox-relay:" + table).hashCode();
        this.transactions = transactions;
        this.kafka = kafka;
        this.table = table;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.published = Counter.builder("outbox.published").description("events relayed to Kafka").register(meters);
        this.failures = Counter.builder("outbox.relay.failures").description("relay rounds Kafka did not acknowledge").register(meters);
        Gauge.builder("outbox.pending", pending, AtomicLong::get).description("events not yet relayed").register(meters);
    }

    /** Asks the relay thread to run now (called after a commit that wrote events). */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        wake.release();
        if (worker != null) {
            try {
                worker.join(sendTimeout.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        int consecutiveFailures = 0;
        while (running) {
            boolean ok = relayOrFail();
            if (ok && System.nanoTime() - lastPurge > Duration.ofHours(1).toNanos()) {
                lastPurge = System.nanoTime();
                purgeQuietly();
            }
            consecutiveFailures = ok ? 0 : Math.min(consecutiveFailures + 1, 6);
            long pauseMillis = ok ? pollInterval.toMillis() : Math.min(200L << consecutiveFailures, 10_000L);
            try {
                if (wake.tryAcquire(pauseMillis, TimeUnit.MILLISECONDS) && !ok) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean relayOrFail() {
        int before = (int) failures.count();
        relay();
        return (int) failures.count() == before;
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
            boolean mine = Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(lockKey)
                    .query(Boolean.class).single());
            if (!mine) {
                return 0; // another instance is relaying this table right now
            }
            List<Row> rows = jdbc.sql("SELECT id, topic, event_key, payload::text AS payload FROM " + table
                            + " WHERE published_at IS NULL ORDER BY id LIMIT ?")
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

    private void purgeQuietly() {
        try {
            int purged = purgePublished(retention);
            if (purged > 0) {
                log.info("outbox: purged {} events published more than {} ago", purged, retention);
            }
        } catch (RuntimeException e) {
            log.warn("outbox purge failed, will retry: {}", e.toString());
        }
    }

    /** Deletes published events older than the retention; they are in Kafka now. */
    public int purgePublished(Duration retention) {
        return jdbc.sql("DELETE FROM " + table + " WHERE published_at < now() - make_interval(secs => ?)")
                .param(retention.toSeconds())
                .update();
    }
}
