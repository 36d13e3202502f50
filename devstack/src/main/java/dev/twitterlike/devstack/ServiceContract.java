package dev.twitterlike.devstack;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every service promises from day one, checked against the real servers: the three
 * probes, Prometheus metrics with the common tags, problem JSON for unknown routes, request
 * ids, and that the service's own Redis and Kafka clients really reach their servers. A
 * service's test extends it and names the dependencies it has.
 */
@UseDevStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ServiceContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ApplicationContext context;

    /** The dependencies /health must report, e.g. {@code Set.of("postgres", "redis", "kafka")}. */
    protected abstract Set<String> dependencies();

    /**
     * The dependencies the service keeps serving without (degraded), so /ready stays 200 and
     * the load balancer keeps the instance: {@code twitter.ops.optional-dependencies}.
     */
    protected Set<String> optionalDependencies() {
        return Set.of();
    }

    @Test
    @Order(1)
    void liveAnswersWithoutCheckingDependencies() throws Exception {
        ServiceClient.Response live = get("/live", Map.of());
        assertThat(live.status()).isEqualTo(200);
        assertThat(json(live).path("status").asString()).isEqualTo("alive");
    }

    @Test
    @Order(2)
    void readyWhenEveryDependencyAnswers() throws Exception {
        ServiceClient.Response ready = get("/ready", Map.of());
        assertThat(ready.status()).as(ready.text()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void healthReportsEachDependency() throws Exception {
        // the checks run in the background every second: a dependency an earlier test of this
        // JVM restarted (PostgreSQL, Kafka, Valkey) is seen answering again within a few
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> "ok".equals(json(get("/health", Map.of())).path("status").asString()));
        ServiceClient.Response health = get("/health", Map.of());
        JsonNode body = json(health);
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(body.path("status").asString()).isEqualTo("ok");
        assertThat(body.path("timestamp").asString()).isNotBlank();
        List<String> reported = new ArrayList<>(body.path("services").propertyNames());
        assertThat(reported).containsExactlyInAnyOrderElementsOf(dependencies());
        for (String dependency : dependencies()) {
            assertThat(body.path("services").path(dependency).path("status").asString()).as(dependency).isEqualTo("ok");
        }
    }

    @Test
    @Order(4)
    void prometheusShowsJvmAndHttpMetricsWithCommonTags() throws Exception {
        get("/live", Map.of());
        ServiceClient.Response metrics = get("/actuator/prometheus", Map.of());
        assertThat(metrics.status()).isEqualTo(200);
        String application = context.getEnvironment().getRequiredProperty("spring.application.name");
        assertThat(metrics.text())
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds")
                .contains("application=\"" + application + "\"")
                .contains("instance=\"");
    }

    @Test
    @Order(5)
    void unknownRouteIsAProblemJson404() throws Exception {
        ServiceClient.Response missing = get("/api/no-such-thing/" + UUID.randomUUID(), Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(missing).path("status").asInt()).isEqualTo(404);
        assertThat(missing.text()).doesNotContain("Exception");
    }

    @Test
    @Order(6)
    void requestIdIsTakenFromTheCallerOrMade() throws Exception {
        assertThat(get("/live", Map.of("X-Request-Id", "req-42")).headers().firstValue("X-Request-Id")).hasValue("req-42");
        assertThat(get("/live", Map.of()).headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    @Order(7)
    void theServicesRedisClientWritesAndReadsTheRealServer() {
        if (!dependencies().contains("redis")) {
            return;
        }
        StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
        String key = "contract:" + UUID.randomUUID();
        redis.opsForList().leftPushAll(key, "1", "2", "3");
        redis.opsForList().trim(key, 0, 1);
        assertThat(redis.opsForList().range(key, 0, -1)).containsExactly("3", "2");
        redis.delete(key);
    }

    @Test
    @Order(8)
    void theServicesKafkaClientsSendAndReceiveThroughTheRealBroker() throws Exception {
        if (!dependencies().contains("kafka")) {
            return;
        }
        String topic = "contract.probe." + UUID.randomUUID();
        ProducerFactory<?, ?> configured = context.getBean(ProducerFactory.class);
        Map<String, Object> producerProps = new java.util.HashMap<>(configured.getConfigurationProperties());
        producerProps.put("key.serializer", StringSerializer.class);
        producerProps.put("value.serializer", StringSerializer.class);
        producerProps.remove("transactional.id");
        DefaultKafkaProducerFactory<String, String> producerFactory = new DefaultKafkaProducerFactory<>(producerProps);
        try {
            new KafkaTemplate<>(producerFactory).send(topic, "k", "hello").get();
        } finally {
            producerFactory.destroy();
        }
        ConsumerFactory<?, ?> consumers = context.getBean(ConsumerFactory.class);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (Consumer<?, ?> consumer = consumers.createConsumer("contract-" + UUID.randomUUID(), "contract", null, overrides)) {
            consumer.subscribe(List.of(topic));
            List<Object> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
                return !received.isEmpty();
            });
            assertThat(received).containsExactly("hello");
        }
    }

    /**
     * The service's producers, as its own producer factory makes them (its configuration parsed
     * as KafkaProducer parses it, defaults and idempotence rules applied): every send waits for
     * all in-sync replicas and is idempotent, so with min.insync.replicas 2 (cluster mode) an
     * acknowledged event is on two brokers, and a retry after a broker's death is not written twice.
     */
    @Test
    @Order(9)
    void theServicesProducersWaitForAllInSyncReplicasAndAreIdempotent() {
        if (!dependencies().contains("kafka")) {
            return;
        }
        ProducerConfig config = new ProducerConfig(context.getBean(ProducerFactory.class).getConfigurationProperties());
        assertThat(config.getString(ProducerConfig.ACKS_CONFIG)).as("acks (-1 is all)").isEqualTo("-1");
        assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).as("enable.idempotence").isTrue();
        assertThat(config.getInt(ProducerConfig.RETRIES_CONFIG)).as("retries").isEqualTo(Integer.MAX_VALUE);
    }

    /**
     * Last, because it takes the broker away: /ready names Kafka, as failing (503: the instance
     * cannot serve without it) or as degraded (200: it serves without it), then recovers.
     */
    @Test
    @Order(100)
    void readyNamesKafkaWhileTheBrokerIsDownAndRecoversAfter() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dependencies().contains("kafka"), "the service does not use Kafka");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SPRING_KAFKA_BOOTSTRAP_SERVERS") == null,
                "Kafka is external (SPRING_KAFKA_BOOTSTRAP_SERVERS): devstack cannot stop it");
        boolean optional = optionalDependencies().contains("kafka");
        DevStack.get().restartKafka(() -> {
            // the checks run in the background (every second, 2 s limit each): the next ones see it
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                ServiceClient.Response ready = getUnchecked("/ready");
                assertThat(ready.status()).as(ready.text()).isEqualTo(optional ? 200 : 503);
                JsonNode named = json(ready).path(optional ? "degraded" : "failing");
                assertThat(named.isArray()).as(ready.text()).isTrue();
                assertThat(named.toString()).contains("kafka").doesNotContain("postgres");
            });
            // and /ready answers from the last check, not after the slow one: well inside the
            // gateway's 1 s health-check limit, or the gateway would drop a serving instance
            long started = System.nanoTime();
            getUnchecked("/ready");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms for /ready while Kafka is down").isLessThan(1_000);
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ServiceClient.Response ready = getUnchecked("/ready");
                    assertThat(ready.status()).isEqualTo(200);
                    assertThat(ready.text()).doesNotContain("degraded");
                });
    }

    protected ServiceClient.Response get(String path, Map<String, String> headers) {
        return new ServiceClient(port, context.getEnvironment().getProperty("spring.application.name"))
                .call("GET", path, null, null, headers);
    }

    private ServiceClient.Response getUnchecked(String path) {
        return get(path, Map.of());
    }

    protected static JsonNode json(ServiceClient.Response response) {
        return JSON.readTree(response.text());
    }
}
