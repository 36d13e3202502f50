package dev.twitterlike.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * One part of the suite to kill with SIGKILL, how long to keep it down, and which kind of part
 * it is (the kind decides how it is killed, restarted and judged ready, and which threshold applies).
 */
record Fault(String part, Kind kind, int downSeconds) {

    enum Kind {
        /** A service instance: one of two behind the gateway's load balancer. */
        SERVICE,
        /** A fanout worker: one of two consumers in the fanout group. */
        WORKER,
        GATEWAY,
        POSTGRES,
        VALKEY,
        /** All of Kafka: the single node, or in cluster mode all three at once. */
        KAFKA,
        /** One of the cluster's three Kafka nodes (cluster mode): the other two keep serving. */
        KAFKA_BROKER,
        /** One master of the Valkey Cluster (cluster mode): its replica takes over its slots. */
        VALKEY_MASTER;

        boolean infrastructure() {
            return this == POSTGRES || this == VALKEY || this == KAFKA || this == KAFKA_BROKER || this == VALKEY_MASTER;
        }
    }

    static final List<String> SERVICES = List.of("graph-service", "tweet-service", "timeline-service", "trend-service",
            "notification-service");

    /** Every part in turn: each instance of each service, both workers, the gateway, then the servers. */
    static List<Fault> full(ChaosConfig config) {
        List<Fault> faults = new ArrayList<>();
        for (String service : SERVICES) {
            faults.add(new Fault(service, Kind.SERVICE, config.serviceDown()));
            faults.add(new Fault(service + "-2", Kind.SERVICE, config.serviceDown()));
        }
        faults.add(new Fault("fanout-worker", Kind.WORKER, config.serviceDown()));
        faults.add(new Fault("fanout-worker-2", Kind.WORKER, config.serviceDown()));
        faults.add(new Fault("gateway", Kind.GATEWAY, config.serviceDown()));
        faults.add(new Fault("postgres", Kind.POSTGRES, config.postgresDown()));
        if (config.valkeyCluster()) {
            faults.add(valkeyMaster(config));
        }
        faults.add(new Fault("valkey", Kind.VALKEY, config.infraDown()));
        if (config.kafkaCluster()) {
            faults.add(broker(config));
        }
        faults.add(new Fault("kafka", Kind.KAFKA, config.infraDown()));
        return faults;
    }

    /** One instance of each kind (first and second instances alternate), for the test.sh run. */
    static List<Fault> quick(ChaosConfig config) {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            faults.add(new Fault(SERVICES.get(i) + (i % 2 == 0 ? "" : "-2"), Kind.SERVICE, config.serviceDown()));
        }
        faults.add(new Fault("fanout-worker-2", Kind.WORKER, config.serviceDown()));
        if (config.kafkaCluster()) {
            faults.add(broker(config));
        }
        if (config.valkeyCluster()) {
            faults.add(valkeyMaster(config));
        }
        return faults;
    }

    /** redis-1, a master at the cluster's formation (redis-4 is its replica), killed under load. */
    private static Fault valkeyMaster(ChaosConfig config) {
        return new Fault("redis-1", Kind.VALKEY_MASTER, config.brokerDown());
    }

    /** One Kafka node of the cluster's three, under load (a broker, a controller voter, leader of some partitions). */
    private static Fault broker(ChaosConfig config) {
        return new Fault("kafka-2", Kind.KAFKA_BROKER, config.brokerDown());
    }
}
