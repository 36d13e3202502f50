package dev.twitterlike.fanout.lag;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code twitter_fanout_queue_depth}: how many events the fanout consumer groups have not yet
 * processed (the sum of their lag over all partitions), measured every few seconds. The groups
 * are the listeners' ids ({@code FanoutListener}: spring-kafka uses a listener's id as its group). A growing
 * depth is the early warning the design asks for: fanout is falling behind.
 */
@Component
class QueueDepth implements DisposableBean {

    static final List<String> GROUPS = List.of("fanout-tweets", "fanout-follows");

    private final AdminClient admin;
    private final AtomicLong depth = new AtomicLong();

    QueueDepth(KafkaAdmin kafkaAdmin, MeterRegistry meters) {
        this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        Gauge.builder("twitter.fanout.queue.depth", depth, AtomicLong::get)
                .description("events waiting for the fanout workers (consumer lag)").register(meters);
    }

    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void measure() {
        try {
            long total = 0;
            for (String group : GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(3, TimeUnit.SECONDS);
                total += committed.entrySet().stream()
                        .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset())))
                        .sum();
            }
            depth.set(total);
        } catch (Exception e) {
            // Kafka away: keep the last value; /ready reports Kafka itself
        }
    }

    long current() {
        return depth.get();
    }

    @Override
    public void destroy() {
        // bounded: with Kafka already gone the default close waits for its pending calls' own
        // timeouts (a test JVM hung 30 s on it at exit)
        admin.close(Duration.ofSeconds(2));
    }
}
