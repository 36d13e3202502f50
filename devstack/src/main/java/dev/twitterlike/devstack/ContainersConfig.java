package dev.twitterlike.devstack;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The infrastructure in containers for one service started on its own, for local development,
 * as Spring Boot documents it ("Using Testcontainers at Development Time"): each service has a
 * {@code Test<Name>Application} in its tests that runs
 * {@code SpringApplication.from(App::main).with(ContainersConfig.class)}. The containers are
 * {@link Containers}' (the images docker-compose.yml runs) and live as long as the application.
 *
 * <p>Kafka has no authentication, so {@code @ServiceConnection} wires it as it is. PostgreSQL
 * and Valkey do not let a service in as their superuser or anonymously: the service signs in
 * as its own database role and as Valkey's ACL user, so those two are wired through a
 * {@link DynamicPropertyRegistrar} with the role's name and password, after the roles are made.
 * The gateway, which has neither a database nor Kafka, takes {@link Valkey} alone.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ContainersConfig.Postgres.class, ContainersConfig.Valkey.class, ContainersConfig.Kafka.class})
public class ContainersConfig {

    /** PostgreSQL, the service connecting as its own role (by {@code spring.application.name}). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Postgres {

        @Bean
        PostgreSQLContainer postgresContainer() {
            return Containers.postgres(0, null, false, PostgresNode.TEST_ADMIN_PASSWORD);
        }

        @Bean
        DynamicPropertyRegistrar postgresRole(PostgreSQLContainer postgres, Environment environment) {
            String service = environment.getProperty("spring.application.name", "");
            return registry -> {
                PostgresServer server = Containers.provisioned(postgres, PostgresNode.testPasswords());
                registry.add("spring.datasource.url", server::jdbcUrl);
                registry.add("spring.datasource.username", () -> PostgresNode.role(service));
                registry.add("spring.datasource.password", () -> PostgresNode.testPassword(service));
            };
        }
    }

    /** Valkey, signed into as its ACL user; also the internal secret every service needs. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Valkey {

        @Bean
        GenericContainer<?> valkeyContainer() {
            return Containers.valkey(0, null, RedisNode.TEST_PASSWORD);
        }

        @Bean
        DynamicPropertyRegistrar valkeyUser(GenericContainer<?> valkeyContainer, Environment environment) {
            return registry -> {
                valkeyContainer.start();
                registry.add("spring.data.redis.host", Containers::host);
                registry.add("spring.data.redis.port", () -> valkeyContainer.getMappedPort(6379));
                registry.add("spring.data.redis.username", () -> RedisNode.USER);
                registry.add("spring.data.redis.password", () -> RedisNode.TEST_PASSWORD);
                // the services have no default internal secret; one started this way shares the tests'
                if (environment.getProperty("INTERNAL_SECRET", "").isBlank()) {
                    registry.add("INTERNAL_SECRET", () -> DevStackExtension.TEST_SECRET);
                }
            };
        }
    }

    /** Kafka, through {@code @ServiceConnection}. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Kafka {

        @Bean
        @ServiceConnection
        KafkaContainer kafkaContainer() {
            return Containers.kafka(0, null);
        }
    }
}
