package dev.twitterlike.devstack;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.twitterlike.devstack.ComposeFileTest.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/chart, the Helm chart, rendered by Helm itself (helm-java: Helm's Go code as a native
 * library; no helm binary, no cluster) with its default values and with
 * deploy/values-managed.yaml. Every object is validated against the Kubernetes API schema
 * offline (deploy/validate/validate.mjs: the kubernetes-models packages' compiled OpenAPI
 * schemas, KEDA's included, and no field a schema does not define), then what the chart runs is
 * held against what each application serves and reads: its application.yml (port, variables,
 * Snowflake worker id, servers), as ComposeFileTest holds docker-compose.yml. Surefire runs in
 * devstack's folder; the chart is the repository's.
 */
class KubernetesChartTest {

    private static final Path CHART = Path.of("..", "deploy", "chart");
    private static final Path MANAGED_VALUES = Path.of("..", "deploy", "values-managed.yaml");
    private static final Path VALIDATOR = Path.of("..", "deploy", "validate", "validate.mjs");
    private static final String RELEASE = "twitter";
    /** The oldest Kubernetes the chart supports (Chart.yaml: the pod-index label is 1.28's) and a current one. */
    private static final List<String> KUBE_VERSIONS = List.of("1.28.0", "1.33.0");
    private static final List<String> APPLICATIONS = Stream.concat(PostgresNode.SERVICES.stream(), Stream.of("gateway")).toList();
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    /** A name that holds a secret (as ComposeFileTest's), or a value that is one. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PASS|AUTH|JAAS|CREDENTIAL).*");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?s).*(LoginModule|PRIVATE KEY).*");
    /**
     * Variables bound by an application's @ConfigurationProperties record without its
     * application.yml naming them: the variable, and the source line that binds it.
     */
    private static final Map<String, Map<String, String>> BOUND_BY_RECORDS = Map.of("gateway", Map.of(
            "TWITTER_GATEWAY_TRUSTEDPROXIES", "gateway/src/main/java/dev/twitterlike/gateway/GatewayProperties.java|List<String> trustedProxies"));
    /** Bound by common's auto-configuration in every application with a database, also unnamed in its application.yml. */
    private static final Map<String, String> BOUND_BY_COMMON = Map.of("TWITTER_DATASOURCE_REPLICA_URL",
            "common/src/main/java/dev/twitterlike/common/db/ReplicaAutoConfiguration.java|@ConfigurationProperties(\"twitter.datasource.replica\")");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The two ways the chart is meant to be installed. */
    enum Setup {
        /** Its default values: PostgreSQL, Valkey and Kafka in the cluster, the Secrets made by the chart. */
        DEFAULTS,
        /** deploy/values-managed.yaml: managed PostgreSQL, a Valkey Cluster and a SASL Kafka, Secrets made outside. */
        MANAGED
    }

    private static final Map<Setup, Rendered> RENDERED = new EnumMap<>(Setup.class);

    private static synchronized Rendered rendered(Setup setup) {
        return RENDERED.computeIfAbsent(setup, s -> render(s, KUBE_VERSIONS.get(0), Map.of()));
    }

    // -- the objects

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyObjectIsValidAgainstTheKubernetesApiSchema(Setup setup) {
        Rendered rendered = rendered(setup);
        Validation validation = validate(rendered.objects());
        assertThat(validation.exit()).as(validation.output()).isZero();
        assertThat(validation.output()).contains(rendered.objects().size() + " valid, 0 invalid");
        // the same with the newest Kubernetes the chart is rendered for
        Validation current = validate(render(setup, KUBE_VERSIONS.get(1), Map.of()).objects());
        assertThat(current.exit()).as(current.output()).isZero();
    }

    @Test
    void theSchemaValidatorRefusesAWrongTypeAnUnknownFieldAndAnUnknownKind() {
        Map<String, Object> deployment = rendered(Setup.DEFAULTS).workload("gateway");
        Map<String, Object> wrongType = copy(deployment);
        map(wrongType, "spec").put("replicas", "two");
        Map<String, Object> misspelt = copy(deployment);
        Map<String, Object> container = container(misspelt);
        container.put("readinesProbe", container.remove("readinessProbe"));
        Map<String, Object> unknownKind = new LinkedHashMap<>(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w")));
        Validation validation = validate(List.of(wrongType, misspelt, unknownKind, deployment));
        assertThat(validation.exit()).isEqualTo(1);
        assertThat(validation.output()).contains("data/spec/replicas must be integer")
                .contains("fields the schema does not define: /spec/template/spec/containers/0/readinesProbe")
                .contains("INVALID example.com/v1 Widget w")
                .contains("1 valid, 3 invalid");
    }

    @Test
    void helmLintFindsNothing() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    // -- the applications' pods

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyApplicationRunsTwoPodsProbedOnThePortItServesItsProbesOn(Setup setup) {
        assertThat(probeProblems(rendered(setup))).isEmpty();
    }

    @Test
    void aWrongProbePathOrPortIsCaught() {
        // a wrong port in the values: the container's port and its probes' follow it, not the application
        Rendered wrongPort = render(Setup.DEFAULTS, KUBE_VERSIONS.get(0), Map.of("applications.trend-service.port", 9085));
        assertThat(probeProblems(wrongPort)).containsExactly(
                "trend-service: container port 9085, but it serves on 8085 (application.yml's server.port)",
                "trend-service: startupProbe on port 9085, not 8085",
                "trend-service: livenessProbe on port 9085, not 8085",
                "trend-service: readinessProbe on port 9085, not 8085",
                "trend-service: its Service forwards to 9085, not 8085");
        // a wrong path, and a probe on a port the container does not have
        Rendered wrongPath = rendered(Setup.DEFAULTS).copy();
        Map<String, Object> container = container(wrongPath.workload("graph-service"));
        map(container, "readinessProbe", "httpGet").put("path", "/health");
        map(container, "livenessProbe", "httpGet").put("port", "metrics");
        assertThat(probeProblems(wrongPath)).containsExactly(
                "graph-service: livenessProbe on port metrics, not 8083",
                "graph-service: readinessProbe asks /health, not /ready");
    }

    /** What is wrong with the applications' workloads, probes and ports: nothing, or one line per fault. */
    private static List<String> probeProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (String app : APPLICATIONS) {
            Map<String, Object> workload = rendered.workload(app);
            int port = Application.of(app).port();
            Map<String, Object> container = container(workload);
            Map<String, Integer> ports = new LinkedHashMap<>();
            list(container.get("ports")).forEach(p -> ports.put(string(p, "name"), ((Number) map(p).get("containerPort")).intValue()));
            if (!ports.containsValue(port)) {
                problems.add(app + ": container port " + ports.values().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none")
                        + ", but it serves on " + port + " (application.yml's server.port)");
            }
            for (var probe : List.of(Map.entry("startupProbe", "/live"), Map.entry("livenessProbe", "/live"), Map.entry("readinessProbe", "/ready"))) {
                Map<String, Object> httpGet = map(container, probe.getKey(), "httpGet");
                if (httpGet.isEmpty()) {
                    problems.add(app + ": no " + probe.getKey() + " over HTTP");
                    continue;
                }
                Object probePort = httpGet.get("port");
                Integer resolved = resolve(probePort, ports);
                if (resolved == null || resolved != port) {
                    problems.add(app + ": " + probe.getKey() + " on port " + (resolved == null ? probePort : resolved) + ", not " + port);
                }
                if (!probe.getValue().equals(httpGet.get("path"))) {
                    problems.add(app + ": " + probe.getKey() + " asks " + httpGet.get("path") + ", not " + probe.getValue());
                }
            }
            Map<String, Object> service = rendered.named("Service", RELEASE + "-" + app);
            for (Object servicePort : list(map(service, "spec").get("ports"))) {
                Object target = map(servicePort).get("targetPort");
                Integer resolved = resolve(target, ports);
                if (resolved == null || resolved != port || ((Number) map(servicePort).get("port")).intValue() != port) {
                    problems.add(app + ": its Service forwards to " + (resolved == null ? target : resolved) + ", not " + port);
                }
            }
        }
        return problems;
    }

    /** A port as a probe or a Service names it: its number, or the name of one of the container's ports (null if none). */
    private static Integer resolve(Object port, Map<String, Integer> containerPorts) {
        return port instanceof Number n ? Integer.valueOf(n.intValue()) : containerPorts.get(String.valueOf(port));
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyApplicationHasTwoReplicasRequestsAndADisruptionBudgetKeepingOneOfItsPods(Setup setup) {
        Rendered rendered = rendered(setup);
        for (String app : APPLICATIONS) {
            Map<String, Object> workload = rendered.workload(app);
            Map<String, Object> spec = map(workload, "spec");
            Optional<Integer> autoscalerMinimum = rendered.autoscalerMinimum(string(workload, "metadata", "name"));
            if (autoscalerMinimum.isPresent()) {
                // an autoscaled workload leaves its count to the autoscaler (an upgrade would reset it)
                assertThat(spec).as(app).doesNotContainKey("replicas");
                assertThat(autoscalerMinimum).as(app + ": the autoscaler's minimum").contains(2);
            } else {
                assertThat(spec.get("replicas")).as(app + " replicas").isEqualTo(2);
            }
            Map<String, Object> resources = map(container(workload), "resources");
            assertThat(map(resources, "requests")).as(app + " requests").containsKeys("cpu", "memory");
            assertThat(map(resources, "limits")).as(app + " limits").containsKey("memory");
            Map<String, Object> labels = map(spec, "template", "metadata", "labels");
            assertThat(map(spec, "selector", "matchLabels")).as(app + " selector").containsEntry(NAME_LABEL, app);
            List<Map<String, Object>> budgets = rendered.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb -> labels.entrySet().containsAll(map(pdb, "spec", "selector", "matchLabels").entrySet()))
                    .toList();
            assertThat(budgets).as(app + ": the disruption budgets selecting its pods").singleElement()
                    .satisfies(pdb -> assertThat(map(pdb, "spec").get("minAvailable")).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void theServicesThatMakeSnowflakeIdsGiveEachPodItsOwnWorkerId(Setup setup) {
        Rendered rendered = rendered(setup);
        for (String app : APPLICATIONS) {
            Map<String, Object> workload = rendered.workload(app);
            Map<String, Object> env = env(container(workload));
            if (Application.of(app).names().contains("WORKER_ID")) {
                // a StatefulSet runs at most one pod per ordinal, and each pod's WORKER_ID is its ordinal
                assertThat(workload.get("kind")).as(app).isEqualTo("StatefulSet");
                assertThat(map(env.get("WORKER_ID"), "valueFrom", "fieldRef").get("fieldPath")).as(app + " WORKER_ID")
                        .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
            } else {
                assertThat(workload.get("kind")).as(app).isEqualTo("Deployment");
                assertThat(env).as(app).doesNotContainKey("WORKER_ID");
            }
        }
    }

    // -- what is exposed

    @ParameterizedTest
    @EnumSource(Setup.class)
    void onlyTheGatewayIsReachableFromOutsideTheCluster(Setup setup) {
        Rendered rendered = rendered(setup);
        for (Map<String, Object> service : rendered.ofKind("Service")) {
            assertThat(map(service, "spec").get("type")).as(string(service, "metadata", "name")).isEqualTo("ClusterIP");
        }
        String gateway = RELEASE + "-gateway";
        assertThat(rendered.ofKind("Ingress")).singleElement().satisfies(ingress -> {
            List<Map<String, Object>> backends = new ArrayList<>();
            for (Object rule : list(map(ingress, "spec").get("rules"))) {
                list(map(rule, "http").get("paths")).forEach(path -> backends.add(map(path, "backend", "service")));
            }
            assertThat(backends).isNotEmpty().allSatisfy(backend -> {
                assertThat(backend.get("name")).isEqualTo(gateway);
                Object port = map(backend, "port").getOrDefault("number", map(backend, "port").get("name"));
                Map<String, Object> servicePort = list(map(rendered.named("Service", gateway), "spec").get("ports")).stream()
                        .map(KubernetesChartTest::map).filter(p -> port.equals(p.get("name")) || port.equals(p.get("port")))
                        .findFirst().orElseThrow();
                assertThat(servicePort.get("port")).isEqualTo(Application.of("gateway").port());
            });
        });
        for (Map<String, Object> workload : rendered.workloads()) {
            for (Object container : list(map(workload, "spec", "template", "spec").get("containers"))) {
                list(map(container).get("ports")).forEach(p -> assertThat(map(p)).as("host ports").doesNotContainKey("hostPort"));
            }
            assertThat(map(workload, "spec", "template", "spec")).doesNotContainKey("hostNetwork");
        }
        // the services take connections from the gateway only (and Prometheus), as on loopback outside Kubernetes
        for (String app : PostgresNode.SERVICES) {
            Map<String, Object> policy = rendered.named("NetworkPolicy", RELEASE + "-" + app);
            assertThat(map(list(map(policy, "spec").get("ingress")).get(0)).get("from").toString())
                    .contains(NAME_LABEL + "=gateway");
        }
    }

    // -- autoscaling

    @ParameterizedTest
    @EnumSource(Setup.class)
    void timelineServiceScalesOnCpuAndFanoutWorkerOnItsConsumerGroupsLag(Setup setup) throws IOException {
        Rendered rendered = rendered(setup);
        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).singleElement().satisfies(hpa -> {
            assertThat(map(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment")
                    .containsEntry("name", string(rendered.workload("timeline-service"), "metadata", "name"));
            assertThat(list(map(hpa, "spec").get("metrics"))).singleElement()
                    .satisfies(metric -> assertThat(map(metric, "resource")).containsEntry("name", "cpu"));
        });
        // the worker's consumer groups: its listeners' ids (Spring Kafka makes each id its group)
        String listener = Files.readString(Path.of("..", "fanout-worker", "src", "main", "java", "dev", "twitterlike",
                "fanout", "push", "FanoutListener.java"));
        Set<String> groups = new TreeSet<>();
        Matcher id = Pattern.compile("@KafkaListener\\(id = \"([^\"]+)\"").matcher(listener);
        while (id.find()) {
            groups.add(id.group(1));
        }
        assertThat(groups).hasSize(2);
        assertThat(rendered.ofKind("ScaledObject")).singleElement().satisfies(scaled -> {
            assertThat(map(scaled, "spec", "scaleTargetRef").get("name"))
                    .isEqualTo(string(rendered.workload("fanout-worker"), "metadata", "name"));
            assertThat(map(scaled, "spec").get("minReplicaCount")).isEqualTo(2);
            Set<String> scaledOn = new TreeSet<>();
            for (Object trigger : list(map(scaled, "spec").get("triggers"))) {
                assertThat(map(trigger).get("type")).isEqualTo("kafka");
                Map<String, Object> metadata = map(trigger, "metadata");
                assertThat(metadata.get("bootstrapServers"))
                        .isEqualTo(rendered.configMap(RELEASE + "-fanout-worker").get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
                assertThat(metadata).containsKey("lagThreshold");
                scaledOn.add(String.valueOf(metadata.get("consumerGroup")));
            }
            assertThat(scaledOn).isEqualTo(groups);
        });
    }

    // -- configuration and secrets

    @ParameterizedTest
    @EnumSource(Setup.class)
    void secretsAreSecretsMountedAsFilesNeverConfigMapsOrLiterals(Setup setup) {
        Rendered rendered = rendered(setup);
        Set<String> secretValues = new TreeSet<>();
        rendered.ofKind("Secret").forEach(secret -> map(secret, "data").values().forEach(v ->
                secretValues.add(new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8))));
        for (Map<String, Object> configMap : rendered.ofKind("ConfigMap")) {
            String configMapName = string(configMap, "metadata", "name");
            map(configMap, "data").forEach((key, value) -> {
                // (the database setup's script and SQL name the passwords they read from files)
                if (!key.endsWith(".sql") && !key.endsWith(".sh")) {
                    assertThat(key).as("a secret-like key in ConfigMap " + configMapName).doesNotMatch(SECRET_NAME);
                }
                assertThat(String.valueOf(value)).as(key + " in ConfigMap " + configMapName).doesNotMatch(SECRET_VALUE);
                secretValues.stream().filter(secret -> secret.length() >= 8)
                        .forEach(secret -> assertThat(String.valueOf(value)).as(key + " in ConfigMap " + configMapName + " holds a Secret's value").doesNotContain(secret));
            });
        }
        Set<String> secretsMade = new TreeSet<>();
        rendered.ofKind("Secret").forEach(secret -> secretsMade.add(string(secret, "metadata", "name")));
        for (Map<String, Object> workload : rendered.workloads()) {
            String name = string(workload, "metadata", "name");
            Map<String, Object> pod = map(workload, "spec", "template", "spec");
            for (Object container : list(pod.get("containers"))) {
                for (Object variable : list(map(container).get("env"))) {
                    String key = string(variable, "name");
                    // (a *_FILE names the file that holds it)
                    if (SECRET_NAME.matcher(key).matches() && !key.endsWith("_FILE")) {
                        assertThat(map(variable)).as(name + ": " + key + " given literally").doesNotContainKey("value");
                    }
                }
            }
            for (String secret : rendered.secretsMounted(pod)) {
                if (setup == Setup.DEFAULTS) {
                    assertThat(secretsMade).as(name + " mounts a Secret the chart makes").contains(secret);
                }
                assertThat(rendered.named("ConfigMap", secret)).as(secret + " as a ConfigMap").isEmpty();
            }
        }
        if (setup == Setup.MANAGED) {
            assertThat(secretsMade).as("secrets.create: false: they are made outside the chart").isEmpty();
        }
        for (String app : APPLICATIONS) {
            Map<String, Object> pod = map(rendered.workload(app), "spec", "template", "spec");
            Set<String> files = rendered.secretFiles(pod, "/run/twitter-secrets");
            Application application = Application.of(app);
            assertThat(rendered.configMap(RELEASE + "-" + app)).as(app)
                    .containsEntry("SPRING_CONFIG_IMPORT", "configtree:/run/twitter-secrets/");
            // what it reads with no default: INTERNAL_SECRET from a file, the gateway's service URLs from its ConfigMap
            for (String required : application.requiredWithoutDefault()) {
                assertThat(files.contains(required) || rendered.configMap(RELEASE + "-" + app).containsKey(required))
                        .as(app + " needs " + required).isTrue();
            }
            assertThat(files).as(app).contains("INTERNAL_SECRET");
            assertThat(files).as(app).contains("spring.data.redis.password");
            assertThat(files.contains("spring.datasource.password")).as(app + " database password").isEqualTo(application.uses("spring.datasource"));
            assertThat(files.contains("spring.kafka.properties.sasl.jaas.config")).as(app + " Kafka credentials")
                    .isEqualTo(setup == Setup.MANAGED && application.uses("spring.kafka"));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyVariableIsOneItsApplicationReadsAndEachServiceConnectsAsItsOwnRole(Setup setup) throws IOException {
        Rendered rendered = rendered(setup);
        for (String app : APPLICATIONS) {
            Application application = Application.of(app);
            Map<String, Object> container = container(rendered.workload(app));
            Map<String, String> variables = new LinkedHashMap<>(rendered.configMap(RELEASE + "-" + app));
            env(container).keySet().forEach(key -> variables.put(key, null));
            Map<String, String> bound = new LinkedHashMap<>(BOUND_BY_RECORDS.getOrDefault(app, Map.of()));
            if (application.uses("spring.datasource")) {
                bound.putAll(BOUND_BY_COMMON);
            }
            for (String variable : variables.keySet()) {
                if (bound.containsKey(variable)) {
                    String[] source = bound.get(variable).split("\\|");
                    assertThat(Files.readString(Path.of("..", source[0]))).as(variable).contains(source[1]);
                } else {
                    assertThat(application.reads(variable)).as(app + " reads " + variable).isTrue();
                }
            }
            assertThat(variables).as(app + ": the port is its application.yml's").doesNotContainKeys("SERVER_PORT", "GATEWAY_PORT");
            if (application.reads("BIND_ADDRESS")) {
                assertThat(variables).as(app + " listens beyond loopback").containsEntry("BIND_ADDRESS", "0.0.0.0");
            }
            assertThat(variables.containsKey("SPRING_DATASOURCE_URL")).as(app).isEqualTo(application.uses("spring.datasource"));
            if (application.uses("spring.datasource")) {
                assertThat(variables).as(app + " connects as its own role").containsEntry("SPRING_DATASOURCE_USERNAME", PostgresNode.role(app));
            }
            assertThat(variables.containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as(app).isEqualTo(application.uses("spring.kafka"));
            assertThat(container.get("image")).as(app + " image")
                    .isEqualTo((setup == Setup.MANAGED ? "registry.example.com/" : "") + "twitter-like/" + app + ":0.1.0-SNAPSHOT");
        }
        // the gateway reaches each service through its Service, on the port the service listens on
        Map<String, String> gateway = rendered.configMap(RELEASE + "-gateway");
        for (String service : List.of("graph-service", "tweet-service", "timeline-service", "trend-service", "notification-service")) {
            String variable = service.replace("-", "_").toUpperCase() + "_URLS";
            assertThat(Application.of("gateway").reads(variable)).as(variable).isTrue();
            assertThat(gateway).containsEntry(variable, "http://" + RELEASE + "-" + service + ":" + Application.of(service).port());
            assertThat(rendered.named("Service", RELEASE + "-" + service)).as(service + "'s Service").isNotEmpty();
        }
    }

    // -- the servers, in each setup

    @Test
    void theManagedValuesPointAtTheManagedServersAndRunNoneInTheCluster() throws IOException {
        Rendered rendered = rendered(Setup.MANAGED);
        Map<String, Object> values = new Yaml().load(Files.readString(MANAGED_VALUES));
        assertThat(rendered.workloads()).extracting(w -> string(w, "metadata", "labels", NAME_LABEL))
                .containsExactlyInAnyOrderElementsOf(APPLICATIONS);
        Map<String, Object> postgres = map(values, "postgres");
        for (String app : PostgresNode.SERVICES) {
            Map<String, String> config = rendered.configMap(RELEASE + "-" + app);
            assertThat(config).containsEntry("SPRING_DATASOURCE_URL",
                    "jdbc:postgresql://" + postgres.get("host") + ":5432/twitter?sslmode=require");
            // the lag-tolerant reads on the managed server's reader endpoint
            assertThat(config).containsEntry("TWITTER_DATASOURCE_REPLICA_URL",
                    "jdbc:postgresql://" + postgres.get("replicaHost") + ":5432/twitter?sslmode=require");
            assertThat(config).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", String.valueOf(map(values, "kafka").get("bootstrapServers")))
                    .containsEntry("TWITTER_EVENTS_REPLICATIONFACTOR", "3")
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        }
        for (String app : APPLICATIONS) {
            Map<String, String> config = rendered.configMap(RELEASE + "-" + app);
            assertThat(config).containsEntry("SPRING_DATA_REDIS_CLUSTER_NODES", String.join(",", strings(map(values, "redis").get("clusterNodes"))))
                    .containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true")
                    .doesNotContainKey("SPRING_DATA_REDIS_HOST");
        }
        // KEDA signs in to the managed Kafka with the same credentials' Secret
        assertThat(rendered.named("TriggerAuthentication", RELEASE + "-kafka").toString()).contains("parameter=sasl", "parameter=password");
        // the roles are set up on the managed server, over TLS
        Map<String, Object> setupEnv = env(container(rendered.ofKind("Job").get(0)));
        assertThat(map(setupEnv.get("PGHOST")).get("value")).isEqualTo(postgres.get("host"));
        assertThat(map(setupEnv.get("PGSSLMODE")).get("value")).isEqualTo("require");
        // HTTPS: the session cookie is Secure
        assertThat(rendered.configMap(RELEASE + "-gateway")).containsEntry("SECURE_COOKIES", "true");
        assertThat(rendered.configMap(RELEASE + "-graph-service")).containsEntry("SECURE_COOKIES", "true");
    }

    @Test
    void theDefaultsRunTheServersInTheClusterAndSetUpTheRolesWithDevstacksRolesSql() throws IOException {
        Rendered rendered = rendered(Setup.DEFAULTS);
        Map<String, String> images = new LinkedHashMap<>();
        rendered.ofKind("StatefulSet").stream()
                .filter(s -> "infrastructure".equals(map(s, "metadata", "labels").get("app.kubernetes.io/component")))
                .forEach(s -> images.put(string(s, "metadata", "labels", NAME_LABEL), String.valueOf(container(s).get("image"))));
        // the same servers as compose and Testcontainers
        assertThat(images).containsExactlyInAnyOrderEntriesOf(Map.of("postgres", Containers.POSTGRES_IMAGE,
                "valkey", Containers.VALKEY_IMAGE, "kafka", Containers.KAFKA_IMAGE));
        for (String app : PostgresNode.SERVICES) {
            assertThat(rendered.configMap(RELEASE + "-" + app))
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://" + RELEASE + "-postgres:5432/twitter")
                    .containsEntry("SPRING_DATA_REDIS_HOST", RELEASE + "-valkey")
                    .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", RELEASE + "-kafka:9092")
                    .containsEntry("TWITTER_EVENTS_REPLICATIONFACTOR", "1")
                    .as("no replica: every read on the one server").doesNotContainKey("TWITTER_DATASOURCE_REPLICA_URL");
        }
        // Valkey takes nobody without the password: its ACL has no default user
        String acl = new String(Base64.getDecoder().decode(String.valueOf(map(rendered.named("Secret", RELEASE + "-redis"), "data").get("valkey.acl"))),
                StandardCharsets.UTF_8);
        assertThat(acl).startsWith("user default off").contains("user twitter on #");
        // one definition of the roles: devstack's roles.sql, verbatim
        String roles = Files.readString(Path.of("src", "main", "resources", "db", "roles.sql"));
        assertThat(rendered.configMap(RELEASE + "-database-setup").get("roles.sql").strip()).isEqualTo(roles.strip());
        assertThat(rendered.ofKind("Job")).singleElement().satisfies(job ->
                assertThat(rendered.secretFiles(map(job, "spec", "template", "spec"), "/run/twitter-secrets"))
                        .contains("db-admin").containsAll(PostgresNode.SERVICES.stream().map(s -> "db-" + s).toList()));
    }

    @Test
    void withManagedServersTheChartMakesNoPasswordUpForThem() {
        assertThatThrownBy(() -> render(Setup.MANAGED, KUBE_VERSIONS.get(0), Map.of("secrets.create", true)))
                .hasMessageContaining("secrets.redisPassword is required");
        Rendered given = render(Setup.MANAGED, KUBE_VERSIONS.get(0), Map.of("secrets.create", true,
                "secrets.redisPassword", "from-the-provider", "secrets.dbAdminPassword", "admin", "secrets.kafkaPassword", "kafka"));
        String jaas = new String(Base64.getDecoder().decode(String.valueOf(map(given.named("Secret", RELEASE + "-kafka"), "data")
                .get("sasl.jaas.config"))), StandardCharsets.UTF_8);
        assertThat(jaas).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"twitter\" password=\"kafka\";");
        assertThat(validate(given.objects()).exit()).isZero();
    }

    // -- rendering and validating

    private static Rendered render(Setup setup, String kubeVersion, Map<String, Object> set) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(RELEASE).withKubeVersion(kubeVersion)
                // helm-java's template, unlike helm template, sends Helm's lookup to a cluster (the
                // kubeconfig's, else localhost:8080): no lookup, every generated secret made anew
                .set("secrets.lookupExisting", false);
        if (setup == Setup.MANAGED) {
            template = template.withValuesFile(MANAGED_VALUES);
        }
        for (var entry : set.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(template.call())) {
            if (document != null) {
                objects.add(map(document));
            }
        }
        return new Rendered(objects);
    }

    record Validation(int exit, String output) {
    }

    /** deploy/validate/validate.mjs over the objects (its packages: devstack's build runs npm ci there). */
    private static Validation validate(List<Map<String, Object>> objects) {
        assertThat(Path.of("..", "deploy", "validate", "node_modules", "kubernetes-models"))
                .as("the validator's packages: npm ci in deploy/validate (devstack's build does)").isDirectory();
        Path file = null;
        try {
            file = Files.createTempFile(Files.createDirectories(Path.of("target")), "kubernetes-objects-", ".json");
            JSON.writeValue(file.toFile(), objects);
            Process process = new ProcessBuilder("node", VALIDATOR.toString(), file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the validator finished").isTrue();
            return new Validation(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node (Node 20+, as the frontend's build needs)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** The objects of one render. */
    record Rendered(List<Map<String, Object>> objects) {

        List<Map<String, Object>> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        /** The object of that kind and name, or an empty map. */
        Map<String, Object> named(String kind, String name) {
            return ofKind(kind).stream().filter(o -> name.equals(string(o, "metadata", "name"))).findFirst().orElse(Map.of());
        }

        List<Map<String, Object>> workloads() {
            return objects.stream().filter(o -> "Deployment".equals(o.get("kind")) || "StatefulSet".equals(o.get("kind"))).toList();
        }

        /** The one workload that runs this application's pods. */
        Map<String, Object> workload(String app) {
            List<Map<String, Object>> found = workloads().stream()
                    .filter(w -> app.equals(string(w, "metadata", "labels", NAME_LABEL))).toList();
            assertThat(found).as("the Deployment or StatefulSet of " + app).hasSize(1);
            return found.get(0);
        }

        Map<String, String> configMap(String name) {
            Map<String, String> data = new LinkedHashMap<>();
            map(named("ConfigMap", name), "data").forEach((k, v) -> data.put(k, String.valueOf(v)));
            return data;
        }

        /** The minimum replicas of the autoscaler (an HPA or a KEDA ScaledObject) of that workload, if one scales it. */
        Optional<Integer> autoscalerMinimum(String workload) {
            for (Map<String, Object> hpa : ofKind("HorizontalPodAutoscaler")) {
                if (workload.equals(map(hpa, "spec", "scaleTargetRef").get("name"))) {
                    return Optional.of((Integer) map(hpa, "spec").get("minReplicas"));
                }
            }
            for (Map<String, Object> scaled : ofKind("ScaledObject")) {
                if (workload.equals(map(scaled, "spec", "scaleTargetRef").get("name"))) {
                    return Optional.of((Integer) map(scaled, "spec").get("minReplicaCount"));
                }
            }
            return Optional.empty();
        }

        /** Every Secret a pod's volumes take. */
        List<String> secretsMounted(Map<String, Object> pod) {
            List<String> secrets = new ArrayList<>();
            for (Object volume : list(pod.get("volumes"))) {
                Object secret = map(volume, "secret").get("secretName");
                if (secret != null) {
                    secrets.add(secret.toString());
                }
                for (Object source : list(map(volume, "projected").get("sources"))) {
                    Object name = map(source, "secret").get("name");
                    if (name != null) {
                        secrets.add(name.toString());
                    }
                }
            }
            return secrets;
        }

        /** The files a pod's first container sees in that directory, each from a Secret (and from nothing else). */
        Set<String> secretFiles(Map<String, Object> pod, String directory) {
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            String volume = list(container.get("volumeMounts")).stream().map(KubernetesChartTest::map)
                    .filter(m -> directory.equals(m.get("mountPath"))).map(m -> String.valueOf(m.get("name"))).findFirst().orElseThrow();
            Map<String, Object> definition = list(pod.get("volumes")).stream().map(KubernetesChartTest::map)
                    .filter(v -> volume.equals(v.get("name"))).findFirst().orElseThrow();
            Set<String> files = new TreeSet<>();
            for (Object source : list(map(definition, "projected").get("sources"))) {
                assertThat(map(source).keySet()).as(directory + ": Secrets only").containsExactly("secret");
                list(map(source, "secret").get("items")).forEach(item -> files.add(string(item, "path")));
            }
            return files;
        }

        Rendered copy() {
            return new Rendered(objects.stream().map(KubernetesChartTest::copy).toList());
        }
    }

    // -- reading the objects

    private static Map<String, Object> container(Map<String, Object> workload) {
        return map(list(map(workload, "spec", "template", "spec").get("containers")).get(0));
    }

    /** A container's env entries by name. */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        list(container.get("env")).forEach(e -> env.put(string(e, "name"), e));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object node, String... path) {
        Map<String, Object> parent = map(node, java.util.Arrays.copyOf(path, path.length - 1));
        return String.valueOf(parent.get(path[path.length - 1]));
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) {
        return JSON.readValue(JSON.writeValueAsString(object), Map.class);
    }
}
