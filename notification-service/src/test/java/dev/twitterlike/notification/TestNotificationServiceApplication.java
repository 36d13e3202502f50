package dev.twitterlike.notification;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * notification-service alone against PostgreSQL, Valkey and Kafka in containers, for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl notification-service -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestNotificationServiceApplication {

    private TestNotificationServiceApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(NotificationServiceApplication::main).with(ContainersConfig.class).run(args);
    }
}
