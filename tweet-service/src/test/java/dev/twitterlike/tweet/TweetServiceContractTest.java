package dev.twitterlike.tweet;

import org.junit.jupiter.api.Order;
import dev.twitterlike.devstack.ServiceContract;

import java.util.Set;

/** tweet-service boots against real PostgreSQL, Redis and Kafka and keeps the operational contract. */
@Order(Integer.MAX_VALUE)
class TweetServiceContractTest extends ServiceContract {

    @Override
    protected Set<String> dependencies() {
        return Set.of("postgres", "redis", "kafka");
    }

    @Override
    protected Set<String> optionalDependencies() {
        return Set.of("kafka", "redis");
    }
}
