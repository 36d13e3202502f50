package dev.twitterlike.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The long-running local stack, one server per process so that each can be stopped and
 * started on its own (to watch the services degrade and recover):
 *
 * <pre>
 * java -jar devstack-exec.jar postgres --port 15432 --data .run/data/postgres --secrets .run/secrets
 * java -jar devstack-exec.jar redis    --port 16379 --data .run/data/redis    --secrets .run/secrets
 * java -jar devstack-exec.jar redis    --port 16380 --data .run/data/redis-2  --secrets .run/secrets --cluster-node   (one node of a Valkey Cluster)
 * java -jar devstack-exec.jar redis-cluster --ports 16379,16380,... --secrets .run/secrets   (forms them into one, see {@link ValkeyCluster})
 * java -jar devstack-exec.jar kafka    --port 19092 --data .run/data/kafka
 * java -jar devstack-exec.jar kafka    --port 19102 --data .run/data/kafka-2 --node 2 \
 *     --voters 1@127.0.0.1:19093,2@127.0.0.1:19103,3@127.0.0.1:19113 --cluster-id .run/data/kafka-cluster-id
 *     (one member of a three-node cluster, scripts/stack.sh with CLUSTER=on; see {@link KafkaNode#startMember})
 * java -jar devstack-exec.jar migrate  --url jdbc:postgresql://... --secrets .run/secrets status   (see {@link Migrations})
 * java -jar devstack-exec.jar backup   --url jdbc:postgresql://... --secrets .run/secrets --dir .run/backups   (see {@link Backups})
 * java -jar devstack-exec.jar replication clone|role|promote|state ...   (a PostgreSQL standby, see {@link PostgresReplication#main})
 * java -jar devstack-exec.jar ops lag|replay|dlt-list|dlt-redrive --bootstrap 127.0.0.1:19092 ...  (see {@link Ops})
 * </pre>
 *
 * The secrets directory holds one password a file: {@code db-admin} (the superuser),
 * {@code db-<service>} (each service's role) and {@code valkey}. A missing one is made here (32
 * random bytes, hex; the directory 700, the files 600), once per installation; scripts/run.sh
 * reads them for the services. They are set on every start. Where {@link Infrastructure} chooses
 * containers, each part runs its Docker image instead, on the same port, with the same passwords. Data is kept in the data directory between runs. The process stays in the foreground and
 * stops its server cleanly on SIGTERM or Ctrl-C.
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // a named file, not logback.xml, so that tests using devstack keep their own logging
        System.setProperty("logback.configurationFile", "devstack-logback.xml");
        if (args.length < 1) {
            usage();
            return;
        }
        if (args[0].equals("migrate")) {
            // scripts/migrate.sh: status and rollback of the services' schema migrations
            Migrations.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("backup")) {
            // scripts/backup.sh and scripts/restore.sh: physical backups of the whole cluster
            Backups.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("redis-cluster")) {
            // scripts/stack.sh with CLUSTER=on: forms the six running nodes into a Valkey Cluster (once)
            formValkeyCluster(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("replication")) {
            // scripts/stack.sh with PG_REPLICA=on and scripts/failover.sh: clone, role, promote
            PostgresReplication.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("ops")) {
            // the runbooks' Kafka tool (docs/operations.md): lag, replay, dead-letter topics
            Ops.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Infra infra = Infra.valueOf(args[0].toUpperCase(Locale.ROOT));
        int port = 0;
        Path data = null;
        Path secrets = null;
        int nodeId = 0;
        String voters = null;
        Path clusterId = null;
        boolean clusterNode = false;
        for (int i = 1; i < args.length; i += 2) {
            if (args[i].equals("--cluster-node")) {
                clusterNode = true;
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                usage();
                return;
            }
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]).toAbsolutePath();
                case "--secrets" -> secrets = Path.of(args[i + 1]).toAbsolutePath();
                case "--node" -> nodeId = Integer.parseInt(args[i + 1]);
                case "--voters" -> voters = args[i + 1];
                case "--cluster-id" -> clusterId = Path.of(args[i + 1]).toAbsolutePath();
                default -> {
                    usage();
                    return;
                }
            }
        }
        if (port != 0 && Ports.listening(port)) {
            System.err.println("devstack: port " + port + " is already in use; is another " + infra + " running?");
            System.exit(2);
        }
        if (secrets == null && infra != Infra.KAFKA
                || nodeId != 0 && (infra != Infra.KAFKA || voters == null || clusterId == null || data == null)) {
            usage();
            return;
        }
        String name = infra.name().toLowerCase(Locale.ROOT) + (nodeId == 0 ? "" : "-" + nodeId);
        long t0 = System.nanoTime();
        // stack.sh starts a part only where the environment names no external server of its kind
        // (a cluster member always runs here, in this process: one process per member is what can be killed)
        boolean containers = nodeId == 0 && Infrastructure.ofThisMachine().choose(infra) == Infrastructure.Source.CONTAINERS;
        AutoCloseable node = containers ? startContainer(infra, port, data, secrets) : switch (infra) {
            case POSTGRES -> PostgresNode.start(port, data, true, secret(secrets, "db-admin"), servicePasswords(secrets),
                    secret(secrets, "db-replication"));
            case REDIS -> clusterNode ? RedisNode.startClusterNode(port, data, data, secret(secrets, "valkey"))
                    : RedisNode.start(port, data, secret(secrets, "valkey"));
            case KAFKA -> nodeId == 0 ? KafkaNode.start(port, data) : startMember(nodeId, port, voters, data, clusterId);
        };
        if (containers) {
            data = Path.of("docker volume " + volume(infra, data));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("devstack: stopping " + infra + " failed: " + e);
            }
            stopped.countDown();
        }, "devstack-stop"));
        System.out.printf("devstack: %s ready on 127.0.0.1:%d in %d ms (data: %s)%n",
                name, port, (System.nanoTime() - t0) / 1_000_000,
                data == null ? "temporary" : data);
        stopped.await();
    }

    /** A cluster member, whose client port must be its controller port (in the voters) minus one. */
    private static KafkaNode startMember(int nodeId, int port, String voters, Path data, Path clusterId) {
        List<KafkaNode.Member> members = KafkaNode.Member.parse(voters);
        if (members.stream().noneMatch(m -> m.nodeId() == nodeId && m.port() == port)) {
            System.err.println("devstack: node " + nodeId + " on port " + port + " needs the voter " + nodeId + "@127.0.0.1:" + (port + 1) + " in --voters " + voters);
            System.exit(64);
        }
        return KafkaNode.startMember(nodeId, members, data, clusterId);
    }

    /**
     * The same server in a container (Testcontainers: DEVSTACK=testcontainers, or a Docker
     * engine answers), on the same loopback port with the same passwords; its data lives in a
     * Docker volume named after the data directory, kept when the container goes.
     */
    private static AutoCloseable startContainer(Infra infra, int port, Path data, Path secrets) {
        String volume = volume(infra, data);
        return switch (infra) {
            case POSTGRES -> {
                var container = Containers.postgres(port, volume, true, secret(secrets, "db-admin"));
                Containers.provisioned(container, servicePasswords(secrets));
                yield container;
            }
            case REDIS -> {
                var container = Containers.valkey(port, volume, secret(secrets, "valkey"));
                container.start();
                yield container;
            }
            case KAFKA -> {
                var container = Containers.kafka(port, volume);
                container.start();
                yield container;
            }
        };
    }

    /** twitter-like-postgres-1a2b3c4d: one volume per data directory (a second copy of the suite has its own). */
    static String volume(Infra infra, Path data) {
        if (data == null) {
            return null;
        }
        return "twitter-like-" + infra.name().toLowerCase(Locale.ROOT) + "-"
                + String.format("%08x", data.toAbsolutePath().normalize().toString().hashCode());
    }

    static Map<String, String> servicePasswords(Path secrets) {
        Map<String, String> passwords = new LinkedHashMap<>();
        PostgresNode.SERVICES.forEach(service -> passwords.put(service, secret(secrets, "db-" + service)));
        return passwords;
    }

    static String secret(Path secrets, String name) {
        Path file = secrets.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(secrets);
                Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path fresh = Files.createTempFile(secrets, name, ".new", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(fresh, HexFormat.of().formatHex(random));
                // a link, which fails where the file exists: of the parts started together (a
                // cluster's six Valkey nodes) the first to make the secret wins, the others read it
                try {
                    Files.createLink(file, fresh);
                } catch (java.nio.file.FileAlreadyExistsException madeMeanwhile) {
                    // another part made it first
                } finally {
                    Files.delete(fresh);
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("devstack: cannot read or make the secret " + file, e);
        }
    }

    /** {@code redis-cluster --ports P1,P2,... --secrets DIR}: the first three ports become masters, the rest their replicas. */
    private static void formValkeyCluster(String[] args) {
        java.util.List<Integer> ports = null;
        Path secrets = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ports" -> ports = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                case "--secrets" -> secrets = Path.of(args[i + 1]).toAbsolutePath();
                default -> usage();
            }
        }
        if (ports == null || secrets == null) {
            usage();
            return;
        }
        ValkeyCluster.form(ports, secret(secrets, "valkey"));
        System.out.println("devstack: valkey cluster ready on " + ValkeyCluster.nodesProperty(ports));
    }

    private static void usage() {
        System.err.println("usage: devstack <postgres|redis|kafka> [--port N] [--data DIR] [--secrets DIR (postgres, redis)] [--cluster-node (redis)]\n"
                + "       devstack redis-cluster --ports P1,P2,... --secrets DIR\n"
                + "       devstack kafka --port N --data DIR --node ID --voters ID@HOST:PORT,... --cluster-id FILE   (a Kafka cluster member)\n"
                + "       devstack replication clone --from PORT --port PORT --data DIR --secrets DIR | role|promote|state --port PORT --secrets DIR\n"
                + "       devstack ops lag|replay|dlt-list|dlt-redrive --bootstrap HOST:PORT ...");
        System.exit(64);
    }
}
