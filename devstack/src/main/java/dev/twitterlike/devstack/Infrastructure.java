package dev.twitterlike.devstack;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where each server comes from: the one place that chooses, for the module tests
 * ({@link DevStack}) and for {@code scripts/run.sh} ({@link DevStackMain}, through stack.sh).
 *
 * <ol>
 *   <li>{@link Source#EXTERNAL}: the environment names the server
 *       ({@code SPRING_DATASOURCE_URL}, {@code SPRING_DATA_REDIS_HOST},
 *       {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}); nothing is started for it.</li>
 *   <li>{@link Source#CONTAINERS}: {@code DEVSTACK=testcontainers}, or {@code DEVSTACK} unset
 *       (or {@code auto}) and a Docker engine answers: Testcontainers runs the images
 *       docker-compose.yml runs ({@link Containers}).</li>
 *   <li>{@link Source#EMBEDDED}: otherwise, or {@code DEVSTACK=embedded}: the servers from
 *       Maven artifacts, in this JVM or its child processes, without Docker.</li>
 * </ol>
 *
 * The engine probe is asked only when the choice depends on it, and at most once.
 */
public final class Infrastructure {

    /** The environment variable that forces a choice: {@code testcontainers}, {@code embedded} or {@code auto}. */
    public static final String VARIABLE = "DEVSTACK";

    public enum Source { EXTERNAL, CONTAINERS, EMBEDDED }

    /** An external Valkey Cluster, by its nodes (Spring Boot's {@code spring.data.redis.cluster.nodes}). */
    public static final String CLUSTER_NODES_VARIABLE = "SPRING_DATA_REDIS_CLUSTER_NODES";
    /**
     * {@code DEVSTACK_VALKEY=cluster} (or the system property {@code devstack.valkey=cluster}, which
     * the Maven profile {@code cluster} sets): the tests' embedded Valkey is a {@link ValkeyCluster}
     * of three masters and three replicas instead of one server.
     */
    public static final String VALKEY_VARIABLE = "DEVSTACK_VALKEY";

    /** Whether the embedded Valkey is a cluster ({@link #VALKEY_VARIABLE}). */
    public boolean valkeyCluster() {
        String asked = System.getProperty("devstack.valkey", env.getOrDefault(VALKEY_VARIABLE, ""));
        return asked.strip().equalsIgnoreCase("cluster");
    }

    private final Map<String, String> env;
    private final BooleanSupplier engine;
    private Boolean engineAnswers;

    /**
     * @param env    the process environment (or a test's)
     * @param engine whether a Docker engine answers ({@link DockerEngine#answers} outside tests)
     */
    public Infrastructure(Map<String, String> env, BooleanSupplier engine) {
        this.env = env;
        this.engine = engine;
    }

    /** The machine's own environment and Docker engine. */
    public static Infrastructure ofThisMachine() {
        return new Infrastructure(System.getenv(), DockerEngine::answers);
    }

    /** The variable that names an external server of this kind. */
    public static String externalVariable(Infra infra) {
        return switch (infra) {
            case POSTGRES -> "SPRING_DATASOURCE_URL";
            case REDIS -> "SPRING_DATA_REDIS_HOST";
            case KAFKA -> "SPRING_KAFKA_BOOTSTRAP_SERVERS";
        };
    }

    public synchronized Source choose(Infra infra) {
        String external = env.get(externalVariable(infra));
        if (infra == Infra.REDIS && (external == null || external.isBlank())) {
            external = env.get(CLUSTER_NODES_VARIABLE);
        }
        if (external != null && !external.isBlank()) {
            return Source.EXTERNAL;
        }
        String asked = env.getOrDefault(VARIABLE, "").strip().toLowerCase(Locale.ROOT);
        return switch (asked) {
            case "embedded" -> Source.EMBEDDED;
            case "testcontainers" -> {
                if (!engineAnswers()) {
                    throw new IllegalStateException(VARIABLE + "=testcontainers, but no Docker engine answers ("
                            + DockerEngine.describe() + "); unset " + VARIABLE + " to use the embedded servers");
                }
                yield Source.CONTAINERS;
            }
            case "", "auto" -> engineAnswers() ? Source.CONTAINERS : Source.EMBEDDED;
            default -> throw new IllegalArgumentException(VARIABLE + "=" + env.get(VARIABLE)
                    + " is not one of testcontainers, embedded, auto");
        };
    }

    private boolean engineAnswers() {
        if (engineAnswers == null) {
            engineAnswers = engine.getAsBoolean();
        }
        return engineAnswers;
    }
}
