package dev.twitterlike.devstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One PostgreSQL, one Redis and one Kafka per test JVM, each started the first time a test
 * asks for it, on free ports, and stopped when the JVM exits. {@link Infrastructure} chooses
 * where each comes from: external servers the usual Spring variables name, containers where a
 * Docker engine answers (or {@code DEVSTACK=testcontainers}), the embedded servers otherwise.
 *
 * <p>A service's tests connect to PostgreSQL as that service's own role, as the service does
 * when it runs, so a write into another service's schema fails in its tests: the build names
 * the module in the system property {@value #SERVICE_PROPERTY} (the parent pom's Surefire
 * configuration). Other modules' tests connect as the superuser. Redis needs its password.
 */
public final class DevStack {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final DevStack INSTANCE = new DevStack(Infrastructure.ofThisMachine());
    /** The module whose tests run in this JVM (the parent pom sets it to the artifactId). */
    public static final String SERVICE_PROPERTY = "devstack.service";

    private final Infrastructure infrastructure;
    private PostgresServer postgres;
    /** The embedded cluster's directory, kept across {@link #restartPostgres} and removed at exit. */
    private java.nio.file.Path postgresData;
    private RedisNode redis;
    private ValkeyCluster valkeyCluster;
    private KafkaNode kafka;
    /** the containers, where {@link Infrastructure} chose them */
    private org.testcontainers.containers.GenericContainer<?> postgresContainer;
    private org.testcontainers.containers.GenericContainer<?> valkeyContainer;
    private org.testcontainers.kafka.KafkaContainer kafkaContainer;
    private boolean hookInstalled;

    DevStack(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    public static DevStack get() {
        return INSTANCE;
    }

    /**
     * Starts what is asked for (once) and returns the Spring properties that point at it.
     */
    public synchronized Map<String, String> ensure(Set<Infra> wanted) {
        Set<Infra> infra = wanted.isEmpty() ? EnumSet.allOf(Infra.class) : EnumSet.copyOf(wanted);
        installShutdownHook();
        Map<String, String> props = new java.util.LinkedHashMap<>();
        if (infra.contains(Infra.POSTGRES)) {
            props.putAll(postgresProperties());
        }
        if (infra.contains(Infra.REDIS)) {
            props.putAll(redisProperties());
        }
        if (infra.contains(Infra.KAFKA)) {
            props.putAll(kafkaProperties());
        }
        return props;
    }

    private Map<String, String> postgresProperties() {
        Infrastructure.Source source = infrastructure.choose(Infra.POSTGRES);
        if (source == Infrastructure.Source.EXTERNAL) {
            return Map.of();
        }
        if (postgres == null) {
            long t0 = System.nanoTime();
            if (source == Infrastructure.Source.CONTAINERS) {
                var container = Containers.postgres(0, null, false, PostgresNode.TEST_ADMIN_PASSWORD);
                postgresContainer = container;
                postgres = Containers.provisioned(container, PostgresNode.testPasswords());
            } else {
                postgresData = temporaryDirectory("devstack-postgres");
                postgres = PostgresNode.startForTests(0, postgresData, false);
            }
            log.info("devstack: PostgreSQL ({}) at {} in {} ms", source, postgres.jdbcUrl(), (System.nanoTime() - t0) / 1_000_000);
        }
        String service = System.getProperty(SERVICE_PROPERTY, "");
        boolean ownRole = PostgresNode.SERVICES.contains(service);
        return Map.of(
                "spring.datasource.url", postgres.jdbcUrl(),
                "spring.datasource.username", ownRole ? PostgresNode.role(service) : PostgresNode.USER,
                "spring.datasource.password", ownRole ? PostgresNode.testPassword(service) : PostgresNode.TEST_ADMIN_PASSWORD);
    }

    /** The running PostgreSQL, or null when the tests use an external one (SPRING_DATASOURCE_URL). */
    synchronized PostgresServer postgres() {
        postgresProperties();
        return postgres;
    }

    private Map<String, String> redisProperties() {
        Infrastructure.Source source = infrastructure.choose(Infra.REDIS);
        if (source == Infrastructure.Source.EXTERNAL) {
            return Map.of();
        }
        String host = "127.0.0.1";
        int port;
        if (source == Infrastructure.Source.CONTAINERS) {
            if (valkeyContainer == null) {
                long t0 = System.nanoTime();
                valkeyContainer = Containers.valkey(0, null, RedisNode.TEST_PASSWORD);
                valkeyContainer.start();
                log.info("devstack: Valkey (container) on port {} in {} ms", valkeyContainer.getMappedPort(6379), (System.nanoTime() - t0) / 1_000_000);
            }
            host = Containers.host();
            port = valkeyContainer.getMappedPort(6379);
        } else if (infrastructure.valkeyCluster()) {
            if (valkeyCluster == null) {
                long t0 = System.nanoTime();
                valkeyCluster = ValkeyCluster.start(RedisNode.TEST_PASSWORD);
                log.info("devstack: Valkey Cluster on {} in {} ms", valkeyCluster.nodesProperty(), (System.nanoTime() - t0) / 1_000_000);
            }
            return Map.of(
                    "spring.data.redis.cluster.nodes", valkeyCluster.nodesProperty(),
                    "spring.data.redis.username", RedisNode.USER,
                    "spring.data.redis.password", RedisNode.TEST_PASSWORD);
        } else {
            if (redis == null) {
                long t0 = System.nanoTime();
                redis = RedisNode.start(0, null, RedisNode.TEST_PASSWORD);
                log.info("devstack: Redis on port {} in {} ms", redis.port(), (System.nanoTime() - t0) / 1_000_000);
            }
            port = redis.port();
        }
        return Map.of(
                "spring.data.redis.host", host,
                "spring.data.redis.port", Integer.toString(port),
                "spring.data.redis.username", RedisNode.USER,
                "spring.data.redis.password", RedisNode.TEST_PASSWORD);
    }

    /** The Kafka the tests use (started if it is not yet): its bootstrap servers. */
    public synchronized String kafkaBootstrapServers() {
        return kafkaProperties().get("spring.kafka.bootstrap-servers");
    }

    private Map<String, String> kafkaProperties() {
        Infrastructure.Source source = infrastructure.choose(Infra.KAFKA);
        if (source == Infrastructure.Source.EXTERNAL) {
            return Map.of();
        }
        if (source == Infrastructure.Source.CONTAINERS) {
            if (kafkaContainer == null) {
                long t0 = System.nanoTime();
                kafkaContainer = Containers.kafka(0, null);
                kafkaContainer.start();
                log.info("devstack: Kafka (container) at {} in {} ms", kafkaContainer.getBootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
            }
            return Map.of("spring.kafka.bootstrap-servers", kafkaContainer.getBootstrapServers());
        }
        if (kafka == null) {
            long t0 = System.nanoTime();
            kafka = KafkaNode.start(0, null);
            log.info("devstack: Kafka on port {} in {} ms", kafka.port(), (System.nanoTime() - t0) / 1_000_000);
        }
        return Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    /**
     * Stops Kafka and starts it again on the same port with the same log, for tests of what
     * happens while the broker is away.
     */
    public synchronized void restartKafka(Runnable whileDown) {
        kafkaProperties();
        // a failing check while the broker is down must not leave it down for the tests after
        Throwable[] failed = new Throwable[1];
        Runnable guarded = () -> {
            log.info("devstack: Kafka stopped");
            try {
                whileDown.run();
            } catch (RuntimeException | Error e) {
                failed[0] = e;
            }
        };
        if (kafkaContainer != null) {
            Containers.restart(kafkaContainer, guarded, () -> Containers.awaitKafka(kafkaContainer.getBootstrapServers()));
        } else {
            KafkaNode running = kafka;
            kafka = null;
            kafka = running.restart(guarded);
        }
        log.info("devstack: Kafka started again");
        if (failed[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failed[0] instanceof Error e) {
            throw e;
        }
    }

    /** Stops Redis and starts it again, empty, on the same port: what a crashed cache looks like. */
    public synchronized void restartRedis(Runnable whileDown) {
        redisProperties();
        if (valkeyContainer != null) {
            int port = valkeyContainer.getMappedPort(6379);
            Containers.restart(valkeyContainer, () -> {
                log.info("devstack: Valkey stopped (port {})", port);
                whileDown.run();
            }, () -> Containers.awaitValkey(Containers.host(), port, RedisNode.TEST_PASSWORD));
            log.info("devstack: Valkey started again on port {}", port);
            return;
        }
        if (valkeyCluster != null) {
            valkeyCluster.restart(() -> {
                log.info("devstack: Valkey Cluster stopped ({})", valkeyCluster.nodesProperty());
                whileDown.run();
            });
            log.info("devstack: Valkey Cluster started again");
            return;
        }
        RedisNode running = redis;
        int port = running.port();
        running.close();
        redis = null;
        log.info("devstack: Redis stopped (port {})", port);
        try {
            whileDown.run();
        } finally {
            redis = RedisNode.start(port, null, RedisNode.TEST_PASSWORD);
            log.info("devstack: Redis started again on port {}", port);
        }
    }

    /**
     * Stops PostgreSQL (a fast shutdown: every connection is cut) and starts it again on the same
     * port with the same data, for tests of what is served while the database is away.
     */
    public synchronized void restartPostgres(Runnable whileDown) {
        postgresProperties();
        if (postgresContainer != null) {
            int port = postgresContainer.getMappedPort(5432);
            Containers.restart(postgresContainer, () -> {
                log.info("devstack: PostgreSQL stopped (port {})", port);
                whileDown.run();
            }, () -> awaitPostgres());
            log.info("devstack: PostgreSQL started again on port {}", port);
            return;
        }
        if (!(postgres instanceof PostgresNode running)) {
            throw new IllegalStateException("the tests use an external PostgreSQL (SPRING_DATASOURCE_URL): devstack cannot stop it");
        }
        int port = running.port();
        running.close();
        postgres = null;
        log.info("devstack: PostgreSQL stopped (port {})", port);
        try {
            whileDown.run();
        } finally {
            postgres = PostgresNode.startForTests(port, postgresData, false);
            log.info("devstack: PostgreSQL started again on port {}", port);
        }
    }

    /** Until the restarted container's PostgreSQL takes connections again. */
    private void awaitPostgres() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (java.sql.Connection c = postgres.admin()) {
                return;
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not come back within 60 s", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private static java.nio.file.Path temporaryDirectory(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "devstack-shutdown"));
    }

    private synchronized void stopAll() {
        for (AutoCloseable node : new AutoCloseable[] {kafka, redis, valkeyCluster, postgres instanceof PostgresNode embedded ? embedded : null,
                kafkaContainer, valkeyContainer, postgresContainer}) {
            if (node == null) {
                continue;
            }
            try {
                node.close();
            } catch (Exception e) {
                log.warn("devstack: stopping {} failed: {}", node.getClass().getSimpleName(), e.toString());
            }
        }
        if (postgresData != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(postgresData.toFile());
        }
    }
}
