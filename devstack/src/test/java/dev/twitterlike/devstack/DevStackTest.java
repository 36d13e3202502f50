package dev.twitterlike.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@UseDevStack
class DevStackTest {

    @Test
    void postgresAcceptsSqlInTheTwitterDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(System.getProperty("spring.datasource.url"),
                System.getProperty("spring.datasource.username"), System.getProperty("spring.datasource.password"))) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS probe (id bigint primary key, v text)");
            c.createStatement().execute("INSERT INTO probe VALUES (1, 'hello') ON CONFLICT (id) DO UPDATE SET v = 'hello'");
            ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), current_setting('server_version_num')::int, v FROM probe");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("twitter");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(150000);
            assertThat(rs.getString(3)).isEqualTo("hello");
        }
    }

    @Test
    void redisAnswersSetAndGet() throws Exception {
        int port = Integer.parseInt(System.getProperty("spring.data.redis.port"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String user = System.getProperty("spring.data.redis.username");
            String password = System.getProperty("spring.data.redis.password");
            out.write(("*3\r\n$4\r\nAUTH\r\n$" + user.length() + "\r\n" + user + "\r\n$" + password.length() + "\r\n" + password + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write("*3\r\n$3\r\nSET\r\n$5\r\nprobe\r\n$2\r\nok\r\n*2\r\n$3\r\nGET\r\n$5\r\nprobe\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("+OK");
            assertThat(in.readLine()).isEqualTo("+OK");
            assertThat(in.readLine()).isEqualTo("$2");
            assertThat(in.readLine()).isEqualTo("ok");
        }
    }

    @Test
    void kafkaDeliversWhatWasSent() throws Exception {
        String bootstrap = System.getProperty("spring.kafka.bootstrap-servers");
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>("devstack.probe", "k", "hello kafka")).get();
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of("devstack.probe"));
            long deadline = System.currentTimeMillis() + 30_000;
            String value = null;
            while (value == null && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    value = record.value();
                }
            }
            assertThat(value).isEqualTo("hello kafka");
        }
    }
}
