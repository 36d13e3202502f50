package dev.twitterlike.graph;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Order;
import dev.twitterlike.devstack.DevStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Order(Integer.MAX_VALUE)
class OutboxDeliveryTest extends GraphIntegrationTest {

    @Test
    void followsSucceedWhileKafkaIsDownAndTheirEventsArriveAfterItReturns() {
        List<Long> users = insertUsers(2);
        long follower = users.get(0);
        long followee = users.get(1);
        DevStack.get().restartKafka(() -> {
            Response follow = client.call("POST", "/api/users/" + followee + "/follow", null, follower);
            assertThat(follow.status()).isEqualTo(200);
            assertThat(jdbc.sql("SELECT count(*) FROM graph.outbox WHERE event_key = ? AND published_at IS NULL")
                    .param(Long.toString(follower)).query(Integer.class).single()).isEqualTo(1);
        });
        JsonNode event = awaitEvent("follow.new", Long.toString(follower));
        assertThat(event.path("type").asString()).isEqualTo("follow.new");
        assertThat(event.path("eventId").asString()).isNotBlank();
        assertThat(event.path("payload").path("followerId").asLong()).isEqualTo(follower);
        assertThat(event.path("payload").path("followeeId").asLong()).isEqualTo(followee);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM graph.outbox WHERE event_key = ? AND published_at IS NULL")
                .param(Long.toString(follower)).query(Integer.class).single() == 0);
    }

    private JsonNode awaitEvent(String topic, String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(JSON.readTree(r.value()));
                    }
                });
                return !found.isEmpty();
            });
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
