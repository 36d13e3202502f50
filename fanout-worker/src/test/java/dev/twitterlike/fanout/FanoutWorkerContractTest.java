package dev.twitterlike.fanout;

import org.junit.jupiter.api.Order;
import dev.twitterlike.devstack.ServiceContract;

import java.util.Set;

/** fanout-worker boots against real PostgreSQL, Redis and Kafka and keeps the operational contract. */
@Order(Integer.MAX_VALUE)
class FanoutWorkerContractTest extends ServiceContract {

    @Override
    protected Set<String> dependencies() {
        return Set.of("postgres", "redis", "kafka");
    }
}
