package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * The gateway alone against Valkey in a container (its routes lead to services started apart), for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl gateway -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestGatewayApplication {

    private TestGatewayApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(GatewayApplication::main).with(ContainersConfig.Valkey.class).run(args);
    }
}
