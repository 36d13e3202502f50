package dev.twitterlike.common.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/**
 * The transactional outbox for a service that asks for it by naming its table
 * ({@code twitter.outbox.table: graph.outbox}): an {@link OutboxWriter} for business code and
 * the {@link OutboxRelay} that moves events to Kafka.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
@ConditionalOnClass({JdbcClient.class, KafkaTemplate.class})
@ConditionalOnProperty("twitter.outbox.table")
@EnableConfigurationProperties(OutboxAutoConfiguration.OutboxProperties.class)
public class OutboxAutoConfiguration {

    /**
     * @param table        the outbox table, schema-qualified
     * @param batchSize    events per relay transaction
     * @param sendTimeout  how long the relay waits for Kafka's acknowledgements
     * @param pollInterval how often the relay looks when no commit woke it
     * @param retention    how long published events stay in the table
     */
    @ConfigurationProperties("twitter.outbox")
    public record OutboxProperties(String table, Integer batchSize, Duration sendTimeout, Duration pollInterval,
            Duration retention) {
        public OutboxProperties {
            batchSize = batchSize == null ? 200 : batchSize;
            sendTimeout = sendTimeout == null ? Duration.ofSeconds(5) : sendTimeout;
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            retention = retention == null ? Duration.ofDays(1) : retention;
        }
    }

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
            OutboxProperties properties, MeterRegistry meters) {
        return new OutboxRelay(jdbc, transactions, kafka, properties.table(), properties.batchSize(),
                properties.sendTimeout(), properties.pollInterval(), properties.retention(), meters);
    }

    @Bean
    OutboxWriter outboxWriter(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, OutboxProperties properties) {
        return new OutboxWriter(jdbc, json, properties.table(), relay::wake);
    }
}
