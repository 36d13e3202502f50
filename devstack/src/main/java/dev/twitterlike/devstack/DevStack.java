package dev.twitterlike.devstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One PostgreSQL, one Redis and one Kafka per test JVM, each started the first time a test
 * asks for it, on free ports, and stopped when the JVM exits. Where the user points at
 * external infrastructure through the usual Spring variables, that is used instead.
 *
 * <p>A service's tests connect to PostgreSQL as that service's own role, as the service does
 * when it runs, so a write into another service's schema fails in its tests: the build names
 * the module in the system property {@value #SERVICE_PROPERTY} (the parent pom's Surefire
 * configuration). Other modules' tests connect as the superuser. Redis needs its password.
 */
public final class DevStack {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final DevStack INSTANCE = new DevStack(System.getenv());
    /** The module whose tests run in this JVM (the parent pom sets it to the artifactId). */
    public static final String SERVICE_PROPERTY = "devstack.service";

    private final Map<String, String> env;
    private PostgresNode postgres;
    /** The throw-away cluster's directory, kept across {@link #restartPostgres} and removed at exit. */
    private java.nio.file.Path postgresData;
    private RedisNode redis;
    private KafkaNode kafka;
    private boolean hookInstalled;

    DevStack(Map<String, String> env) {
        this.env = env;
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
        String external = env.get("SPRING_DATASOURCE_URL");
        if (external != null && !external.isBlank()) {
            return Map.of();
        }
        if (postgres == null) {
            long t0 = System.nanoTime();
            postgresData = temporaryDirectory("devstack-postgres");
            postgres = PostgresNode.startForTests(0, postgresData, false);
            log.info("devstack: PostgreSQL on port {} in {} ms", postgres.port(), (System.nanoTime() - t0) / 1_000_000);
        }
        String service = System.getProperty(SERVICE_PROPERTY, "");
        boolean ownRole = PostgresNode.SERVICES.contains(service);
        return Map.of(
                "spring.datasource.url", postgres.jdbcUrl(),
                "spring.datasource.username", ownRole ? PostgresNode.role(service) : PostgresNode.USER,
                "spring.datasource.password", ownRole ? PostgresNode.testPassword(service) : PostgresNode.TEST_ADMIN_PASSWORD);
    }

    /** The running PostgreSQL, or null when the tests use an external one (SPRING_DATASOURCE_URL). */
    synchronized PostgresNode postgres() {
        postgresProperties();
        return postgres;
    }

    private Map<String, String> redisProperties() {
        String external = env.get("SPRING_DATA_REDIS_HOST");
        if (external != null && !external.isBlank()) {
            return Map.of();
        }
        if (redis == null) {
            long t0 = System.nanoTime();
            redis = RedisNode.start(0, null, RedisNode.TEST_PASSWORD);
            log.info("devstack: Redis on port {} in {} ms", redis.port(), (System.nanoTime() - t0) / 1_000_000);
        }
        return Map.of(
                "spring.data.redis.host", "127.0.0.1",
                "spring.data.redis.port", Integer.toString(redis.port()),
                "spring.data.redis.username", RedisNode.USER,
                "spring.data.redis.password", RedisNode.TEST_PASSWORD);
    }

    private Map<String, String> kafkaProperties() {
        String external = env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return Map.of();
        }
        if (kafka == null) {
            long t0 = System.nanoTime();
            kafka = KafkaNode.start(0, null);
            log.info("devstack: Kafka on port {} in {} ms", kafka.port(), (System.nanoTime() - t0) / 1_000_000);
        }
        return Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    /** The running Kafka node, for tests that stop and restart the broker. */
    public synchronized KafkaNode kafka() {
        kafkaProperties();
        return kafka;
    }

    /** The running Redis node, for tests that take Redis away. */
    public synchronized RedisNode redis() {
        redisProperties();
        return redis;
    }

    /**
     * Stops Kafka and starts it again on the same port with the same log, for tests of what
     * happens while the broker is away.
     */
    public synchronized void restartKafka(Runnable whileDown) {
        KafkaNode running = kafka();
        kafka = null;
        // a failing check while the broker is down must not leave it down for the tests after
        Throwable[] failed = new Throwable[1];
        kafka = running.restart(() -> {
            log.info("devstack: Kafka stopped (port {})", running.port());
            try {
                whileDown.run();
            } catch (RuntimeException | Error e) {
                failed[0] = e;
            }
        });
        log.info("devstack: Kafka started again on port {}", running.port());
        if (failed[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failed[0] instanceof Error e) {
            throw e;
        }
    }

    /** Stops Redis and starts it again, empty, on the same port: what a crashed cache looks like. */
    public synchronized void restartRedis(Runnable whileDown) {
        RedisNode running = redis();
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
        PostgresNode running = postgres();
        if (running == null) {
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
        for (AutoCloseable node : new AutoCloseable[] {kafka, redis, postgres}) {
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
