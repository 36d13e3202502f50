package dev.twitterlike.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter topics ({@code <topic>.dlt}) of the test's Kafka, as the consumers' tests look
 * at them: did this record end up there, dead-lettered by that consumer group?
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * Waits for the record of {@code <topic>.dlt} whose value is {@code value} and which a consumer
     * group named {@code group} (or starting with it, for the broadcast groups with a random
     * suffix) dead-lettered; fails with an {@link AssertionError} when none arrives in time.
     */
    public static ConsumerRecord<String, String> await(String topic, String value, String group, Duration timeout) {
        String dlt = topic + ".dlt";
        // the Kafka the tests run against (devstack's own, a container, or an external one)
        String bootstrap = DevStack.get().ensure(java.util.EnumSet.of(Infra.KAFKA)).getOrDefault(
                "spring.kafka.bootstrap-servers", System.getenv("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(dlt, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(dlt, p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String by = header(record, "kafka_dlt-original-consumer-group");
                    if (value.equals(record.value()) && by != null && by.startsWith(group)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record " + value + " in " + dlt + " from group " + group + " within " + timeout);
    }

    /** A header of a record as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
