package dev.twitterlike.common.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * {@link ReplicaReads} for every service with a database: on the replica named by
 * {@code twitter.datasource.replica.url} (TWITTER_DATASOURCE_REPLICA_URL; scripts/run.sh
 * --pg-replica sets it), with the service's own role and password, or on the primary alone.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({JdbcClient.class, HikariDataSource.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(ReplicaAutoConfiguration.ReplicaProperties.class)
public class ReplicaAutoConfiguration {

    /**
     * @param url           the replica's JDBC URL; none: every read on the primary. Give pgjdbc
     *                      both servers with {@code targetServerType=preferSecondary}, so the pool
     *                      follows a failover by itself
     * @param maxLag        past this much replay lag the reads go back to the primary
     * @param probeInterval how often the replica's state is read
     * @param poolSize      the replica pool's connections
     */
    @ConfigurationProperties("twitter.datasource.replica")
    public record ReplicaProperties(String url, Duration maxLag, Duration probeInterval, Integer poolSize) {
        public ReplicaProperties {
            maxLag = maxLag == null ? Duration.ofSeconds(5) : maxLag;
            probeInterval = probeInterval == null ? Duration.ofSeconds(1) : probeInterval;
            poolSize = poolSize == null ? 6 : poolSize;
        }
    }

    @Bean(destroyMethod = "close")
    ReplicaReads replicaReads(DataSource primary, ReplicaProperties properties, MeterRegistry meters,
            @Value("${spring.datasource.username:}") String username, @Value("${spring.datasource.password:}") String password,
            @Value("${spring.application.name:service}") String name) {
        if (properties.url() == null || properties.url().isBlank()) {
            return ReplicaReads.primaryOnly(primary, meters);
        }
        HikariDataSource replica = new HikariDataSource();
        replica.setJdbcUrl(properties.url());
        replica.setUsername(username);
        replica.setPassword(password);
        replica.setReadOnly(true);
        replica.setPoolName(name + "-replica");
        replica.setMaximumPoolSize(properties.poolSize());
        replica.setMinimumIdle(1);
        replica.setConnectionTimeout(2000);
        replica.setValidationTimeout(1000);
        // the service starts whether the replica answers or not: its reads go to the primary meanwhile
        replica.setInitializationFailTimeout(-1);
        replica.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return new ReplicaReads(primary, replica, properties.maxLag(), properties.probeInterval(), meters);
    }
}
