package dev.twitterlike.timeline;

import org.junit.jupiter.api.Order;
import dev.twitterlike.devstack.ServiceContract;

import java.util.Set;

/** timeline-service boots against real PostgreSQL, Redis and Kafka and keeps the operational contract. */
@Order(Integer.MAX_VALUE)
class TimelineServiceContractTest extends ServiceContract {

    @Override
    protected Set<String> dependencies() {
        return Set.of("postgres", "redis", "kafka");
    }

    @Override
    protected Set<String> optionalDependencies() {
        return Set.of("postgres", "kafka", "redis");
    }
}
