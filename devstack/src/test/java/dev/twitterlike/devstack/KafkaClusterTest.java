package dev.twitterlike.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The three-node cluster scripts/stack.sh runs with CLUSTER=on, each node in its own process:
 * with {@code acks=all} and {@code min.insync.replicas} 2 a write acknowledged before, during and
 * after a SIGKILL of one node is never lost, producing and consuming go on while it is down, and
 * with two nodes down a write is refused, not acknowledged.
 */
class KafkaClusterTest {

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterTest.class);
    private static final String TOPIC = "acked";

    @Test
    void nothingAcknowledgedIsLostWhenABrokerIsKilledAndTwoDownRefuseWrites() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            // the brokers' own defaults, read back from one of them
            Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get().values().iterator().next();
            assertThat(Map.of(
                    "default.replication.factor", value(broker, "default.replication.factor"),
                    "min.insync.replicas", value(broker, "min.insync.replicas"),
                    "offsets.topic.replication.factor", value(broker, "offsets.topic.replication.factor"),
                    "transaction.state.log.replication.factor", value(broker, "transaction.state.log.replication.factor"),
                    "transaction.state.log.min.isr", value(broker, "transaction.state.log.min.isr"),
                    "unclean.leader.election.enable", value(broker, "unclean.leader.election.enable")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "default.replication.factor", "3", "min.insync.replicas", "2",
                            "offsets.topic.replication.factor", "3", "transaction.state.log.replication.factor", "3",
                            "transaction.state.log.min.isr", "2", "unclean.leader.election.enable", "false"));
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get();
            // created on the controller; the broker asked next may not know it for a moment
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
                            .allMatch(p -> p.leader() != null && p.isr().size() == 3));
            Config topic = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC))).all().get().values().iterator().next();
            assertThat(value(topic, "min.insync.replicas")).isEqualTo("2");

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> consumed = ConcurrentHashMap.newKeySet();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            // the first write sent after the kill that was acknowledged, and consumed: how long each stalled
            AtomicLong ackedAfterKill = new AtomicLong();
            AtomicLong consumedAfterKill = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            KafkaProducer<String, String> producer = producer(cluster);
            try {
                Thread consumer = new Thread(() -> consume(cluster, running, value -> {
                    consumed.add(value);
                    if (sentAt.get(value) > killedAt.get()) {
                        consumedAfterKill.compareAndSet(0, System.nanoTime());
                    }
                }), "group-consumer");
                consumer.start();
                Thread writer = new Thread(() -> {
                    for (int i = 0; running.get(); i++) {
                        String value = Integer.toString(i);
                        long at = System.nanoTime();
                        sentAt.put(value, at);
                        producer.send(new ProducerRecord<>(TOPIC, value, value), (metadata, error) -> {
                            if (error == null) {
                                acknowledged.add(value);
                                if (at > killedAt.get()) {
                                    ackedAfterKill.compareAndSet(0, System.nanoTime());
                                }
                            }
                        });
                        pause(5);
                    }
                }, "writer");
                writer.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 200 && consumed.size() > 100);

                // kill the leader of partition 0: its writes in flight must fail over, not vanish
                int victim = leaders(admin).get(0);
                killedAt.set(System.nanoTime());
                cluster.kill(victim);
                int before = acknowledged.size();
                int consumedBefore = consumed.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before + 300 && consumed.size() > consumedBefore + 200
                        && ackedAfterKill.get() > 0 && consumedAfterKill.get() > 0);
                log.info("kafka-{} killed: the first write sent after it acknowledged after {} ms, consumed after {} ms; {} writes acknowledged and {} consumed while it is down",
                        victim, (ackedAfterKill.get() - killedAt.get()) / 1_000_000, (consumedAfterKill.get() - killedAt.get()) / 1_000_000,
                        acknowledged.size() - before, consumed.size() - consumedBefore);
                assertThat(isrSizes(admin)).as("each partition's in-sync replicas with one node down").containsOnly(2);

                cluster.restart(victim);
                await().atMost(Duration.ofSeconds(30)).until(() -> Set.copyOf(isrSizes(admin)).equals(Set.of(3)));
                int afterRestart = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > afterRestart + 200);
                running.set(false);
                writer.join();
                producer.flush();
                consumer.join();
                // every acknowledged write is in the log, read from the start by a new consumer
                Set<String> inLog = readAll(cluster);
                assertThat(acknowledged).hasSizeGreaterThan(700);
                assertThat(inLog).as("acknowledged writes missing from the log").containsAll(acknowledged);

                // two of three nodes down (the controller quorum goes with them): an acks=all write to
                // the partition the survivor leads is not acknowledged
                int survivor = leaders(admin).get(1);
                for (KafkaNode.Member member : cluster.members()) {
                    if (member.nodeId() != survivor) {
                        cluster.kill(member.nodeId());
                    }
                }
                long sent = System.nanoTime();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, 1, "refused", "refused")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .satisfies(e -> log.info("with two nodes down, after {} ms: {}", (System.nanoTime() - sent) / 1_000_000, e.getCause().toString()))
                        .cause().isInstanceOfAny(NotEnoughReplicasException.class, TimeoutException.class);
            } finally {
                // not the default close, which waits as long as it takes for what is still unsent
                producer.close(Duration.ofSeconds(1));
            }
        }
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // as tweet-service and graph-service send: a send fails after 10 s (their outbox then sends it again)
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new StringSerializer());
    }

    /** A consumer group member as the services run them: it must keep getting records while a node is down. */
    private static void consume(KafkaCluster cluster, AtomicBoolean running, java.util.function.Consumer<String> consumed) {
        try (KafkaConsumer<String, String> consumer = consumer(cluster, "cluster-test")) {
            consumer.subscribe(List.of(TOPIC));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed.accept(record.value());
                }
            }
        }
    }

    private static Set<String> readAll(KafkaCluster cluster) {
        Set<String> values = new java.util.HashSet<>();
        try (KafkaConsumer<String, String> consumer = consumer(cluster, null)) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(KafkaCluster cluster, String group) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** The leader of each partition of the topic, by partition. */
    private static List<Integer> leaders(Admin admin) throws Exception {
        return description(admin).partitions().stream().map(p -> p.leader().id()).toList();
    }

    private static List<Integer> isrSizes(Admin admin) throws Exception {
        return description(admin).partitions().stream().map(p -> p.isr().size()).toList();
    }

    private static TopicDescription description(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null ? null : entry.value();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
