package dev.twitterlike.timeline;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * timeline-service alone against PostgreSQL, Valkey and Kafka in containers, for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl timeline-service -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestTimelineServiceApplication {

    private TestTimelineServiceApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(TimelineServiceApplication::main).with(ContainersConfig.class).run(args);
    }
}
