package dev.twitterlike.trend;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * trend-service alone against PostgreSQL, Valkey and Kafka in containers, for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl trend-service -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestTrendServiceApplication {

    private TestTrendServiceApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(TrendServiceApplication::main).with(ContainersConfig.class).run(args);
    }
}
