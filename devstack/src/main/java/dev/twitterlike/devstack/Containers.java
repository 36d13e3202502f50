package dev.twitterlike.devstack;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The servers in Docker, with Testcontainers: the images and versions docker-compose.yml runs
 * (ComposeFileTest holds the two to the same), provisioned as every PostgreSQL and Valkey of
 * the project is: the services' roles from {@code db/roles.sql} with their passwords, and
 * Valkey's ACL with the one user {@link RedisNode#USER} and no anonymous {@code default} user.
 *
 * <p>Each container is published on a fixed port of the loopback interface (a free one, or the
 * suite's), so that a container stopped and started again ({@link #restart}: what the tests of
 * a broker outage do) is found where it was, and Kafka's advertised listener stays true. With a
 * volume name, the data outlives the container (scripts/run.sh); without, it goes with it.
 */
public final class Containers {

    public static final String POSTGRES_IMAGE = "postgres:17";
    public static final String VALKEY_IMAGE = "valkey/valkey:8";
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static final String ACL_FILE = "/etc/valkey-users.acl";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private Containers() {
    }

    /**
     * @param hostPort      the loopback port to publish on, 0 for a free one
     * @param volume        a Docker volume for the data, or null for none
     * @param durable       fsync and synchronous commits on (scripts/run.sh), or off (tests)
     * @param adminPassword the superuser's password
     */
    public static PostgreSQLContainer postgres(int hostPort, String volume, boolean durable, String adminPassword) {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(PostgresNode.DATABASE)
                .withUsername(PostgresNode.USER)
                .withPassword(adminPassword)
                .withStartupTimeout(STARTUP);
        String onOrOff = durable ? "on" : "off";
        container.setCommand("postgres", "-c", "max_connections=200", "-c", "fsync=" + onOrOff,
                "-c", "synchronous_commit=" + onOrOff, "-c", "full_page_writes=" + onOrOff);
        publish(container, hostPort, PostgreSQLContainer.POSTGRESQL_PORT);
        // the image's VOLUME and PGDATA for PostgreSQL 17 and below, as in docker-compose.yml
        keep(container, volume, "/var/lib/postgresql/data");
        return container;
    }

    /**
     * Valkey signed into as {@link RedisNode#USER} with this password; with a volume, an
     * append-only file as devstack's Redis keeps, else no persistence at all (a restart is empty).
     */
    public static GenericContainer<?> valkey(int hostPort, String volume, String password) {
        List<String> command = new ArrayList<>(List.of("valkey-server", "--aclfile", ACL_FILE));
        command.addAll(volume == null ? List.of("--save", "", "--appendonly", "no")
                : List.of("--appendonly", "yes", "--appendfsync", "everysec", "--save", "60 1"));
        GenericContainer<?> container = new GenericContainer<>(VALKEY_IMAGE)
                .withExposedPorts(6379)
                .withCopyToContainer(Transferable.of(RedisNode.aclFile(password)), ACL_FILE)
                .withCommand(command.toArray(String[]::new))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1))
                .withStartupTimeout(STARTUP);
        publish(container, hostPort, 6379);
        keep(container, volume, "/data");
        return container;
    }

    /** A single KRaft node (broker and controller), as in docker-compose.yml. */
    public static KafkaContainer kafka(int hostPort, String volume) {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withStartupTimeout(STARTUP);
        if (volume != null) {
            container.withEnv("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
        }
        publish(container, hostPort, 9092);
        keep(container, volume, "/var/lib/kafka/data");
        return container;
    }

    /** Starts the container (once) and gives every service its role with its password. */
    public static PostgresServer provisioned(PostgreSQLContainer container, Map<String, String> servicePasswords) {
        container.start();
        PostgresServer server = new PostgresServer() {
            @Override
            public String jdbcUrl() {
                return "jdbc:postgresql://" + host() + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)
                        + "/" + PostgresNode.DATABASE;
            }

            @Override
            public String adminPassword() {
                return container.getPassword();
            }

            @Override
            public Connection admin() throws SQLException {
                return DriverManager.getConnection(jdbcUrl(), PostgresNode.USER, adminPassword());
            }
        };
        try (Connection admin = server.admin()) {
            PostgresNode.provisionRoles(admin, servicePasswords);
        } catch (SQLException e) {
            throw new IllegalStateException("could not provision the roles in the PostgreSQL container", e);
        }
        return server;
    }

    /** Where the published ports are: the loopback interface of a local engine, else the engine's host. */
    public static String host() {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        return host.equals("localhost") ? "127.0.0.1" : host;
    }

    public static int port(GenericContainer<?> container, int containerPort) {
        return container.getMappedPort(containerPort);
    }

    /**
     * Stops the container (its process gets SIGTERM, as a server being shut down) and starts
     * the same container again, with its file system, on the same port; returns once it
     * serves again.
     */
    public static void restart(GenericContainer<?> container, Runnable whileDown, Runnable awaitServing) {
        var docker = container.getDockerClient();
        docker.stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
        try {
            whileDown.run();
        } finally {
            docker.startContainerCmd(container.getContainerId()).exec();
            awaitServing.run();
        }
    }

    /** Until Valkey answers PONG to its user (the published port accepts before the server does). */
    public static void awaitValkey(String host, int port, String password) {
        awaitUntil("Valkey on " + host + ":" + port, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(("AUTH " + RedisNode.USER + " " + password + "\r\nPING\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[64];
                StringBuilder reply = new StringBuilder();
                while (!reply.toString().contains("PONG")) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return false;
                    }
                    reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Until the broker answers a metadata request. */
    public static void awaitKafka(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            awaitUntil("Kafka at " + bootstrapServers, () -> {
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return true;
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
    }

    private static void awaitUntil(String what, java.util.function.BooleanSupplier serving) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!serving.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " does not serve after " + STARTUP);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Published on a fixed port: loopback only where the engine is local, as docker-compose.yml publishes. */
    private static void publish(GenericContainer<?> container, int hostPort, int containerPort) {
        int port = hostPort == 0 ? Ports.free() : hostPort;
        container.withExposedPorts(containerPort);
        String local = host().equals("127.0.0.1") ? "127.0.0.1:" : "";
        container.setPortBindings(List.of(local + port + ":" + containerPort));
    }

    private static void keep(GenericContainer<?> container, String volume, String path) {
        if (volume != null) {
            container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume(path))));
        }
    }
}
