package dev.twitterlike.graph;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * graph-service alone against PostgreSQL, Valkey and Kafka in containers, for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl graph-service -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestGraphServiceApplication {

    private TestGraphServiceApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(GraphServiceApplication::main).with(ContainersConfig.class).run(args);
    }
}
