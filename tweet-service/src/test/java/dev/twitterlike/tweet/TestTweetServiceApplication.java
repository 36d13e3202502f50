package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ContainersConfig;
import org.springframework.boot.SpringApplication;

/**
 * tweet-service alone against PostgreSQL, Valkey and Kafka in containers, for local development on a
 * machine with Docker (README, "With Docker"): run this class from the IDE, or
 * `./mvnw -pl tweet-service -am -DskipTests test-compile spring-boot:test-run -Dspring-boot.test-run.skip=false`.
 */
public final class TestTweetServiceApplication {

    private TestTweetServiceApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(TweetServiceApplication::main).with(ContainersConfig.class).run(args);
    }
}
