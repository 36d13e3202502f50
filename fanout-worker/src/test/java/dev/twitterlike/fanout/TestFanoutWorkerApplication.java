package dev.twitterlike.fanout;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * fanout-worker alone against PostgreSQL, Valkey and Kafka in containers, for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl fanout-worker -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestFanoutWorkerApplication {

    private TestFanoutWorkerApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(FanoutWorkerApplication::main).with(ContainersConfig.class).run(args);
    }
}
