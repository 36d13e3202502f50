package dev.twitterlike.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The container definitions ({@link Containers}) against a real Docker engine: PostgreSQL with
 * every service's own role, Valkey with its ACL user and no anonymous one, Kafka in KRaft mode,
 * and a container stopped and started again where the tests of an outage expect it. Where no
 * engine answers (this project's own machine) the class is reported skipped with the reason.
 */
@EnabledWhereADockerEngineAnswers
class ContainersTest {

    private static PostgreSQLContainer postgres;
    private static GenericContainer<?> valkey;
    private static KafkaContainer kafka;
    private static final String VALKEY_PASSWORD = "valkey-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        postgres = Containers.postgres(0, null, false, "admin-" + UUID.randomUUID());
        valkey = Containers.valkey(0, null, VALKEY_PASSWORD);
        kafka = Containers.kafka(0, null);
        valkey.start();
        kafka.start();
    }

    @AfterAll
    static void stop() {
        for (GenericContainer<?> container : new GenericContainer<?>[] {kafka, valkey, postgres}) {
            if (container != null) {
                container.stop();
            }
        }
    }

    @Test
    void theImagesAreDockerComposes() {
        assertThat(postgres.getDockerImageName()).isEqualTo(Containers.POSTGRES_IMAGE);
        assertThat(valkey.getDockerImageName()).isEqualTo(Containers.VALKEY_IMAGE);
        assertThat(kafka.getDockerImageName()).isEqualTo(Containers.KAFKA_IMAGE);
    }

    @Test
    void eachServiceSignsInAsItsOwnRoleAndWritesOnlyItsOwnSchema() throws SQLException {
        PostgresServer server = Containers.provisioned(postgres, PostgresNode.testPasswords());
        try (Connection graph = DriverManager.getConnection(server.jdbcUrl(), "graph_service", PostgresNode.testPassword("graph-service"));
             Statement statement = graph.createStatement()) {
            statement.execute("CREATE TABLE graph.containers_probe (id int)");
            assertThatThrownBy(() -> statement.execute("CREATE TABLE tweets.not_mine (id int)"))
                    .hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "graph_service", "wrong"))
                .hasMessageContaining("password authentication failed");
        try (Connection admin = server.admin(); var rows = admin.createStatement().executeQuery(
                "SELECT count(*) FROM pg_roles WHERE rolname IN ('graph_service','tweet_service','timeline_service',"
                        + "'fanout_worker','trend_service','notification_service') AND NOT rolsuper")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(PostgresNode.SERVICES.size());
        }
    }

    @Test
    void valkeyServesItsUserAndNobodyAnonymouslyAndComesBackEmpty() throws Exception {
        String password = VALKEY_PASSWORD;
        int port = valkey.getMappedPort(6379);
        assertThat(send(port, "PING\r\n")).startsWith("-NOAUTH");
        assertThat(send(port, "AUTH " + RedisNode.USER + " " + password + "\r\nSET probe 1\r\n")).isEqualTo("+OK\r\n+OK\r\n");
        Containers.restart(valkey, () -> { }, () -> Containers.awaitValkey(Containers.host(), port, password));
        assertThat(valkey.getMappedPort(6379)).as("same port after a restart").isEqualTo(port);
        assertThat(send(port, "AUTH " + RedisNode.USER + " " + password + "\r\nEXISTS probe\r\n")).isEqualTo("+OK\r\n:0\r\n");
    }

    @Test
    void kafkaKeepsWhatItAcknowledgedAcrossARestart() throws Exception {
        String topic = "containers-probe";
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get();
        }
        Containers.restart(kafka, () -> { }, () -> Containers.awaitKafka(kafka.getBootstrapServers()));
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "containers-probe", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly("before");
        }
    }

    private static String send(int port, String commands) throws Exception {
        try (Socket socket = new Socket(Containers.host(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(commands.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            int expectedLines = commands.split("\r\n").length;
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[256];
            while (reply.toString().split("\r\n", -1).length <= expectedLines) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            return reply.toString();
        }
    }
}
