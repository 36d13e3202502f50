package dev.twitterlike.bench.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Kafka seen from a client while one broker of the cluster is down (cluster mode): a producer as
 * the services' (acks=all, idempotent, request 5 s, delivery 10 s) sends a record every 100 ms to
 * {@code chaos.probe} (3 copies, min.insync.replicas 2), a consumer group as theirs (classic
 * protocol, session 10 s) reads it, and every 2 s the services' own groups' lag is sampled. From
 * these: how long producing stalled after the kill, how long the group took to consume again, how
 * far the services' groups fell behind and when they had caught up, and whether any acknowledged
 * record went missing.
 */
final class KafkaProbe implements AutoCloseable {

    static final String TOPIC = "chaos.probe";
    private static final long NONE = Long.MIN_VALUE;

    /** Per record sequence: sent, acknowledged (NONE until then, -1 if its send failed), consumed. */
    private final Map<Long, AtomicLongArray> records = new ConcurrentHashMap<>();
    /** Sampled lag of the services' groups: time -> group -> lag. */
    private final Map<Long, Map<String, Long>> lags = new ConcurrentHashMap<>();
    private final String bootstrap;
    private final String group;
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();

    KafkaProbe(String bootstrap, String run) {
        this.bootstrap = bootstrap;
        this.group = "chaos-probe-" + run;
    }

    void start() throws Exception {
        // the suite has just started 14 JVMs beside the brokers: a create may time out once and
        // have been done anyway (then the next attempt finds the topic); a minute at most
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))),
                            new CreateTopicsOptions().timeoutMs(20_000)).all().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        break;
                    }
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    System.out.println("kafka probe: topic not created yet (" + e.getCause() + "), again");
                }
            }
        }
        daemon("kafka-probe-producer", this::produce);
        daemon("kafka-probe-consumer", this::consume);
        daemon("kafka-probe-lag", this::sampleLag);
    }

    private void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    /** What a fault window [from, to] looked like, times relative to {@code from} (the kill). */
    record Figures(int sent, int failed, double longestAckSeconds, double longestConsumeSeconds, int acknowledgedNotConsumed,
            Map<String, Long> maxLag, double caughtUpSeconds) {

        String describe() {
            return String.format("producing (acks=all) stalled at most %.1f s (%d of %d probe sends failed, to be sent again by the caller); "
                            + "the probe's consumer group read each record at most %.1f s after it was sent (%d acknowledged not read); "
                            + "the services' groups' largest lag %s, every group back under 20 %s",
                    longestAckSeconds, failed, sent, longestConsumeSeconds, acknowledgedNotConsumed,
                    maxLag.isEmpty() ? "not sampled" : maxLag.toString(),
                    Double.isNaN(caughtUpSeconds) ? "not within the window" : String.format("%.1f s after the kill", caughtUpSeconds));
        }
    }

    Figures figures(long fromNanos, long toNanos) {
        int sent = 0;
        int failed = 0;
        int notConsumed = 0;
        long longestAck = 0;
        long longestConsume = 0;
        long now = System.nanoTime();
        for (AtomicLongArray a : records.values()) {
            long[] r = {a.get(0), a.get(1), a.get(2)};
            if (r[0] < fromNanos || r[0] > toNanos) {
                continue;
            }
            sent++;
            if (r[1] == -1) {
                failed++;
                continue;
            }
            longestAck = Math.max(longestAck, (r[1] == NONE ? now : r[1]) - r[0]);
            if (r[1] != NONE) {
                if (r[2] == NONE) {
                    notConsumed++;
                }
                longestConsume = Math.max(longestConsume, (r[2] == NONE ? now : r[2]) - r[0]);
            }
        }
        Map<String, Long> maxLag = new TreeMap<>();
        long lastBehind = NONE;
        for (Map.Entry<Long, Map<String, Long>> sample : new TreeMap<>(lags).entrySet()) {
            if (sample.getKey() < fromNanos || sample.getKey() > toNanos) {
                continue;
            }
            sample.getValue().forEach((g, lag) -> maxLag.merge(g, lag, Math::max));
            if (sample.getValue().values().stream().anyMatch(lag -> lag >= 20)) {
                lastBehind = sample.getKey();
            }
        }
        double caughtUp = lastBehind == NONE ? 0 : (lastBehind + 2_000_000_000L - fromNanos) / 1e9;
        return new Figures(sent, failed, longestAck / 1e9, longestConsume / 1e9, notConsumed, maxLag,
                lastBehind != NONE && lastBehind + 2_000_000_000L > toNanos ? Double.NaN : caughtUp);
    }

    /** After the load: every record the probe's producer had acknowledged was read by its group. */
    Audit.Check audit(long untilNanos) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        while (true) {
            missing.clear();
            records.forEach((seq, r) -> {
                if (r.get(1) > 0 && r.get(2) == NONE) {
                    missing.add("probe record " + seq + " acknowledged, never read");
                }
            });
            if (missing.isEmpty() || System.nanoTime() > untilNanos) {
                break;
            }
            Thread.sleep(500);
        }
        long acknowledged = records.values().stream().filter(r -> r.get(1) > 0).count();
        return Audit.Check.of("Kafka probe: every acknowledged record read by its consumer group",
                acknowledged + " acknowledged, " + missing.size() + " not read", missing);
    }

    private void produce() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000), new StringSerializer(), new StringSerializer())) {
            for (long seq = 1; running; seq++) {
                AtomicLongArray r = new AtomicLongArray(new long[] {System.nanoTime(), NONE, NONE});
                records.put(seq, r);
                try {
                    producer.send(new ProducerRecord<>(TOPIC, Long.toString(seq), Long.toString(seq)),
                            (metadata, error) -> r.set(1, error == null ? System.nanoTime() : -1));
                } catch (RuntimeException e) {
                    r.set(1, -1);
                }
                User.pause(100);
            }
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void consume() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (running) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        AtomicLongArray r = records.get(Long.parseLong(record.value()));
                        if (r != null) {
                            r.compareAndSet(2, NONE, System.nanoTime());
                        }
                    }
                } catch (RuntimeException e) {
                    User.pause(200);
                }
            }
        }
    }

    /** Every 2 s: each of the services' consumer groups' lag (committed offsets against the log ends). */
    private void sampleLag() {
        try (Admin admin = admin()) {
            while (running) {
                long at = System.nanoTime();
                try {
                    Map<String, Long> sample = new HashMap<>();
                    for (GroupListing listing : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(5, TimeUnit.SECONDS)) {
                        String g = listing.groupId();
                        if (g.startsWith("chaos-probe")) {
                            continue;
                        }
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g)
                                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                        if (committed.isEmpty()) {
                            continue;
                        }
                        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                        long lag = 0;
                        for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                            if (c.getValue() != null) {
                                lag += Math.max(0, ends.get(c.getKey()).offset() - c.getValue().offset());
                            }
                        }
                        sample.put(g, lag);
                    }
                    lags.put(at, sample);
                } catch (Exception unanswered) {
                    // a sample the cluster did not answer in time (the broker just died): the next one
                }
                User.pause(Math.max(0, 2_000 - (System.nanoTime() - at) / 1_000_000));
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}
