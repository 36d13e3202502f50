package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml read as Compose reads it (anchors and merge keys resolved), since this
 * machine has no Docker engine to run it: what it publishes, and that it holds no secret. Then
 * the file as a Compose parser resolves it ({@code docker-compose config}, Debian's package, or
 * {@code docker compose config}; CI installs the first), with replicas.env too, against what
 * each application reads: its application.yml, its port, its health endpoint, its servers.
 * Surefire runs in devstack's folder; the file is the repository's.
 */
class ComposeFileTest {

    private static final List<String> DB_SERVICES = PostgresNode.SERVICES;
    private static final List<String> APPLICATIONS = concat(DB_SERVICES, "gateway");
    /** Environment names that hold a secret (a *_FILE names a file instead, and is fine). */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PASS|AUTH)$");
    /** NAME=value in a command, for a secret-like NAME; the value must come from elsewhere ($...). */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile("(?i)\\b(\\w*(?:PASSWORD|SECRET|AUTH))=([^\\s;]+)");
    /** A password option of valkey-cli or valkey-server. */
    private static final Pattern PASSWORD_OPTION = Pattern.compile("(--requirepass|--masterauth|--pass|-a)\\s+([^\\s]+)");

    private final Map<String, Map<String, Object>> services = load();

    @Test
    void onlyTheGatewayIsPublishedBeyondLoopback() {
        List<String> exposed = new ArrayList<>();
        services.forEach((name, service) -> {
            for (Object port : list(service.get("ports"))) {
                String hostIp = port instanceof Map<?, ?> m ? String.valueOf(m.get("host_ip")) : hostIp(port.toString());
                if (!hostIp.equals("127.0.0.1") && !name.equals("gateway")) {
                    exposed.add(name + " " + port);
                }
            }
        });
        assertThat(exposed).as("ports published on every interface").isEmpty();
        assertThat(list(services.get("gateway").get("ports"))).isNotEmpty();
    }

    @Test
    void noPasswordOrSecretIsWrittenInTheFile() {
        List<String> literals = new ArrayList<>();
        services.forEach((name, service) -> environment(service).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches() && value != null) {
                literals.add(name + ": " + key + "=" + value);
            }
        }));
        assertThat(literals).as("secrets given in the environment (use a file from the secrets volume)").isEmpty();
        assertThat(text()).doesNotContainIgnoringCase("change-me");
        List<String> onCommandLines = new ArrayList<>();
        services.forEach((name, service) -> {
            for (String line : commands(service)) {
                for (Pattern pattern : List.of(SECRET_ASSIGNMENT, PASSWORD_OPTION)) {
                    var m = pattern.matcher(line);
                    while (m.find()) {
                        String value = m.group(2).replaceAll("^[\"']", "");
                        // db-init replaces the old known password of a volume made before the secrets
                        boolean oldDefaultBeingReplaced = m.group().equals("PGPASSWORD=postgres") && name.equals("db-init");
                        if (!value.startsWith("$") && !oldDefaultBeingReplaced) {
                            onCommandLines.add(name + ": " + m.group());
                        }
                    }
                }
            }
        });
        assertThat(onCommandLines).as("literal secrets in commands").isEmpty();
        assertThat(environment(services.get("postgres"))).containsKey("POSTGRES_PASSWORD_FILE").doesNotContainKey("POSTGRES_PASSWORD");
    }

    @Test
    void eachServiceConnectsAsItsOwnDatabaseRole() {
        for (String service : DB_SERVICES) {
            Map<String, String> env = environment(services.get(service));
            assertThat(env.get("SPRING_DATASOURCE_USERNAME")).as(service).isEqualTo(PostgresNode.role(service));
            assertThat(env.get("SPRING_CONFIG_IMPORT")).as(service + " reads its own secrets")
                    .isEqualTo("optional:configtree:/run/twitter-secrets/" + service + "/");
        }
        assertThat(environment(services.get("gateway"))).doesNotContainKey("SPRING_DATASOURCE_USERNAME");
        String init = String.join("\n", commands(services.get("db-init")));
        assertThat(init).contains("/roles.sql").contains("spring.datasource.password").contains("ALTER ROLE");
        assertThat(list(services.get("db-init").get("volumes")))
                .anySatisfy(v -> assertThat(v.toString()).startsWith("./devstack/src/main/resources/db/roles.sql:"));
        for (String service : DB_SERVICES) {
            assertThat(String.join("\n", commands(services.get("secrets")))).contains(service);
        }
    }

    @Test
    void valkeyRequiresAPasswordAndEveryClientGivesOne() {
        Map<String, Object> valkey = services.get("valkey");
        assertThat(String.join(" ", commands(valkey))).contains("--aclfile /run/twitter-secrets/valkey.acl");
        String secrets = String.join("\n", commands(services.get("secrets")));
        assertThat(secrets).contains("user default off").contains("user twitter on #");
        String health = String.join(" ", list(((Map<?, ?>) valkey.get("healthcheck")).get("test")).stream().map(Object::toString).toList());
        assertThat(health).contains("--user twitter").contains("--pass");
        for (String service : APPLICATIONS) {
            Map<String, String> env = environment(services.get(service));
            assertThat(env.get("SPRING_DATA_REDIS_USERNAME")).as(service).isEqualTo("twitter");
            assertThat(env.get("SPRING_CONFIG_IMPORT")).as(service).isEqualTo("optional:configtree:/run/twitter-secrets/" + service + "/");
            assertThat(list(services.get(service).get("volumes")).stream().map(Object::toString).toList()).as(service).contains("secrets:/run/twitter-secrets:ro");
        }
        assertThat(secrets).contains("spring.data.redis.password").contains("INTERNAL_SECRET").contains("head -c 32 /dev/urandom");
    }

    // -- the file as a Compose parser resolves it, against what the applications read

    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final List<String> MODULES = APPLICATIONS;

    @Test
    void aComposeParserAcceptsTheFileAloneAndWithTheReplicas() {
        assertThat(compose("config", "-q").exit()).as("compose config").isZero();
        assertThat(compose("--env-file", "../replicas.env", "config", "-q").exit()).as("compose --env-file replicas.env config").isZero();
    }

    @Test
    void theInfrastructureImagesAreTheOnesTheTestsRunInContainers() {
        Map<String, Map<String, Object>> parsed = parsed(false);
        assertThat(parsed.get("postgres").get("image")).isEqualTo(Containers.POSTGRES_IMAGE);
        assertThat(parsed.get("db-init").get("image")).isEqualTo(Containers.POSTGRES_IMAGE);
        assertThat(parsed.get("valkey").get("image")).isEqualTo(Containers.VALKEY_IMAGE);
        assertThat(parsed.get("kafka").get("image")).isEqualTo(Containers.KAFKA_IMAGE);
    }

    @Test
    void everyApplicationContainerRunsItsImageWithTheEnvironmentPortProbeAndServersItReads() throws IOException {
        Map<String, Map<String, Object>> parsed = parsed(true);
        assertThat(Files.readString(Path.of("..", "pom.xml"))).as("Jib's image name (root pom)")
                .contains("<image>twitter-like/${project.artifactId}:${project.version}</image>");
        Map<String, List<String>> instances = new LinkedHashMap<>();
        parsed.forEach((name, service) -> {
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("twitter-like/")) {
                String module = image.substring("twitter-like/".length(), image.indexOf(':'));
                assertThat(image).as(name).isEqualTo("twitter-like/" + module + ":" + VERSION);
                instances.computeIfAbsent(module, m -> new ArrayList<>()).add(name);
            }
        });
        assertThat(instances.keySet()).containsExactlyInAnyOrderElementsOf(MODULES);
        for (String module : DB_SERVICES) {
            assertThat(instances.get(module)).as("instances of " + module).containsExactly(module, module + "-2");
        }
        for (var entry : instances.entrySet()) {
            String module = entry.getKey();
            Application app = Application.of(module);
            Set<String> workerIds = new HashSet<>();
            for (String name : entry.getValue()) {
                Map<String, Object> service = parsed.get(name);
                Map<String, String> env = environment(service);
                assertThat(env.keySet()).as(name + ": variables its application does not read")
                        .allSatisfy(key -> assertThat(app.reads(key)).as(key).isTrue());
                for (String required : app.requiredWithoutDefault()) {
                    assertThat(env.containsKey(required) || madeBySecrets(module, required))
                            .as(name + " needs " + required + " (no default in its application.yml)").isTrue();
                }
                if (app.reads("BIND_ADDRESS")) {
                    assertThat(env).as(name + " listens beyond loopback").containsEntry("BIND_ADDRESS", "0.0.0.0");
                }
                assertThat(env).as(name).doesNotContainKey("SERVER_PORT");
                assertThat(strings(((Map<?, ?>) service.get("healthcheck")).get("test"))).as(name + " health check")
                        .containsExactly("CMD", "busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + app.port() + "/ready");
                Map<String, String> dependsOn = dependsOn(service);
                if (app.uses("spring.datasource")) {
                    assertThat(dependsOn).as(name).containsEntry("db-init", "service_completed_successfully");
                    assertThat(env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/twitter");
                }
                if (app.uses("spring.data.redis")) {
                    assertThat(dependsOn).as(name).containsEntry("valkey", "service_healthy");
                    assertThat(env).containsEntry("SPRING_DATA_REDIS_HOST", "valkey").containsEntry("SPRING_DATA_REDIS_PORT", "6379");
                }
                if (app.uses("spring.kafka")) {
                    assertThat(dependsOn).as(name).containsEntry("kafka", "service_healthy");
                    assertThat(env).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
                }
                dependsOn.forEach((target, condition) -> {
                    assertThat(parsed).as(name + " depends on").containsKey(target);
                    if (condition.equals("service_healthy")) {
                        assertThat(parsed.get(target)).as(target + " has a health check").containsKey("healthcheck");
                    }
                });
                if (env.containsKey("WORKER_ID")) {
                    assertThat(workerIds.add(env.get("WORKER_ID"))).as(name + ": a Snowflake worker id of its own").isTrue();
                }
            }
        }
    }

    @Test
    void theGatewayBalancesOverEveryInstanceOnThePortEachListensOn() {
        for (boolean replicas : new boolean[] {false, true}) {
            Map<String, Map<String, Object>> parsed = parsed(replicas);
            Map<String, String> env = environment(parsed.get("gateway"));
            Application gateway = Application.of("gateway");
            for (String module : List.of("graph-service", "tweet-service", "timeline-service", "trend-service", "notification-service")) {
                String variable = module.replace("-", "_").toUpperCase() + "_URLS";
                assertThat(gateway.reads(variable)).as(variable).isTrue();
                List<String> expected = new ArrayList<>(List.of("http://" + module + ":" + Application.of(module).port()));
                if (replicas) {
                    expected.add("http://" + module + "-2:" + Application.of(module).port());
                }
                assertThat(List.of(env.get(variable).split(","))).as(variable + (replicas ? " with replicas.env" : "")).containsExactlyElementsOf(expected);
                expected.forEach(url -> assertThat(parsed).containsKey(url.substring(7, url.lastIndexOf(':'))));
            }
            assertThat(strings(parsed.get("gateway").get("ports")).toString()).contains(String.valueOf(gateway.port()));
        }
    }

    @Test
    void prometheusScrapesEveryInstanceWhereItServesItsMetrics() throws IOException {
        Map<String, Map<String, Object>> parsed = parsed(true);
        Set<String> expected = new TreeSet<>();
        parsed.forEach((name, service) -> {
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("twitter-like/") && !name.equals("gateway")) {
                expected.add(name + ":" + Application.of(image.substring(13, image.indexOf(':'))).port());
            }
        });
        expected.add("gateway:" + environment(parsed.get("gateway")).get("GATEWAY_MANAGEMENT_PORT"));
        assertThat(environment(parsed.get("gateway"))).containsEntry("MANAGEMENT_ADDRESS", "0.0.0.0");
        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("..", "observability", "prometheus.yml")));
        Set<String> targets = new TreeSet<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            assertThat(((Map<?, ?>) job).get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object config : list(((Map<?, ?>) job).get("static_configs"))) {
                list(((Map<?, ?>) config).get("targets")).forEach(t -> targets.add(t.toString()));
            }
        }
        assertThat(targets).isEqualTo(expected);
        assertThat(parsed.get("grafana")).isNotNull();
        assertThat(environment(parsed.get("grafana"))).containsEntry("GF_SECURITY_ADMIN_PASSWORD__FILE", "/run/twitter-secrets/grafana-admin");
        assertThat(String.join("\n", commands(services.get("secrets")))).contains("make grafana-admin");
    }

    @Test
    void prometheusLoadsTheRulesAndGrafanaTheDashboardThatShowsThem() throws IOException {
        Map<String, Map<String, Object>> parsed = parsed(false);
        assertThat(strings(parsed.get("prometheus").get("volumes")).toString()).contains("/etc/prometheus/rules.yml");
        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("..", "observability", "prometheus.yml")));
        // relative to the configuration's folder, where compose mounts the rules
        assertThat(strings(prometheus.get("rule_files"))).containsExactly("rules.yml");
        String grafanaVolumes = strings(parsed.get("grafana").get("volumes")).toString();
        assertThat(grafanaVolumes).contains("/etc/grafana/provisioning/dashboards/dashboards.yml", "/etc/grafana/dashboards");
        Map<String, Object> provider = new Yaml().load(Files.readString(Path.of("..", "observability", "grafana-dashboards.yml")));
        assertThat(provider.toString()).contains("path=/etc/grafana/dashboards");

        // every series the dashboard draws from the rules is one the rules record
        Set<String> recorded = new TreeSet<>();
        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("..", "observability", "rules.yml")));
        for (Object group : list(rules.get("groups"))) {
            for (Object rule : list(((Map<?, ?>) group).get("rules"))) {
                Object record = ((Map<?, ?>) rule).get("record");
                if (record != null) {
                    recorded.add(record.toString());
                }
            }
        }
        String dashboard = Files.readString(Path.of("..", "observability", "grafana", "twitter-like.json"));
        Set<String> drawn = new TreeSet<>();
        Matcher series = Pattern.compile("twitter:[a-z0-9_:]+").matcher(dashboard);
        while (series.find()) {
            drawn.add(series.group());
        }
        assertThat(drawn).isNotEmpty();
        assertThat(recorded).containsAll(drawn);
        // JSON is YAML: every panel queries the provisioned data source
        Map<String, Object> parsedDashboard = new Yaml().load(dashboard);
        List<?> panels = list(parsedDashboard.get("panels"));
        assertThat(panels).hasSizeGreaterThanOrEqualTo(7);
        for (Object panel : panels) {
            assertThat(((Map<?, ?>) panel).get("datasource").toString()).as(panel.toString()).contains("uid=prometheus");
            assertThat(list(((Map<?, ?>) panel).get("targets"))).as(String.valueOf(((Map<?, ?>) panel).get("title"))).isNotEmpty();
        }
    }

    /** Whether the secrets container writes this name into the module's configtree directory. */
    private boolean madeBySecrets(String module, String name) {
        String secrets = String.join("\n", commands(services.get("secrets")));
        return secrets.contains("\"$$service/" + name + "\"") || secrets.contains("$$service/" + name);
    }

    private static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        if (service.get("depends_on") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> conditions.put(k.toString(), v instanceof Map<?, ?> m ? String.valueOf(m.get("condition")) : "service_started"));
        } else {
            list(service.get("depends_on")).forEach(k -> conditions.put(k.toString(), "service_started"));
        }
        return conditions;
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(Object::toString).toList();
    }

    /** What an application reads: its application.yml (keys and placeholders) and common's own properties. */
    record Application(String module, Set<String> names, Set<String> requiredWithoutDefault, Set<String> prefixes, int port) {

        private static final Map<String, Application> CACHE = new HashMap<>();
        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(:[^}$]*)?");
        private static final Pattern COMMON_PROPERTY = Pattern.compile("getProperty\\(\"([a-z][a-z0-9.-]*)\"");
        /** Spring Boot's own properties the compose file sets without the application's yml naming them. */
        private static final Set<String> SPRING_BOOT = Set.of("SPRING_CONFIG_IMPORT", "SPRING_DATASOURCE_PASSWORD",
                "SPRING_DATA_REDIS_USERNAME", "SPRING_DATA_REDIS_PASSWORD");

        static synchronized Application of(String module) {
            return CACHE.computeIfAbsent(module, Application::load);
        }

        private static Application load(String module) {
            try {
                String text = Files.readString(Path.of("..", module, "src", "main", "resources", "application.yml"));
                Set<String> names = new HashSet<>(SPRING_BOOT);
                Set<String> required = new TreeSet<>();
                Set<String> prefixes = new HashSet<>();
                Integer[] port = new Integer[1];
                for (Object document : new Yaml().loadAll(text)) {
                    flatten("", document, key -> {
                        names.add(relaxed(key));
                        String[] parts = key.split("\\.");
                        for (int i = 1; i <= parts.length; i++) {
                            prefixes.add(String.join(".", java.util.Arrays.copyOf(parts, i)));
                        }
                    }, (key, value) -> {
                        if (key.equals("server.port")) {
                            Matcher m = Pattern.compile("(?:\\$\\{[^:]+:)?(\\d+)}?").matcher(value);
                            if (m.matches()) {
                                port[0] = Integer.parseInt(m.group(1));
                            }
                        }
                    });
                }
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                    names.add(relaxed(m.group(1)));
                    if (":".equals(m.group(2)) && m.group(1).matches("[A-Z_]+")) {
                        required.add(m.group(1));
                    }
                }
                try (var sources = Files.walk(Path.of("..", "common", "src", "main", "java"))) {
                    for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher p = COMMON_PROPERTY.matcher(Files.readString(source));
                        while (p.find()) {
                            names.add(relaxed(p.group(1)));
                        }
                    }
                }
                assertThat(port[0]).as(module + " server.port").isNotNull();
                return new Application(module, names, required, prefixes, port[0]);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + module + "'s application.yml", e);
            }
        }

        /** Spring's environment-variable form of a property: spring.data.redis.host is SPRING_DATA_REDIS_HOST. */
        static String relaxed(String key) {
            return key.replace("-", "").replace('.', '_').toUpperCase();
        }

        /**
         * Named in its application.yml, or a Spring Boot property of a server it configures
         * (SPRING_KAFKA_BOOTSTRAP_SERVERS where it has spring.kafka.*).
         */
        boolean reads(String variable) {
            return names.contains(variable) || Stream.of("spring.datasource", "spring.data.redis", "spring.kafka")
                    .anyMatch(server -> uses(server) && variable.startsWith(relaxed(server) + "_"));
        }

        boolean uses(String prefix) {
            return prefixes.contains(prefix);
        }

        private static void flatten(String prefix, Object node, java.util.function.Consumer<String> keys,
                java.util.function.BiConsumer<String, String> values) {
            if (node instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    String key = prefix.isEmpty() ? k.toString() : prefix + "." + k;
                    keys.accept(key);
                    flatten(key, v, keys, values);
                });
            } else if (node != null && !(node instanceof List<?>)) {
                values.accept(prefix, node.toString());
            }
        }
    }

    // -- the Compose parser

    record Run(int exit, String output) {
    }

    /** docker-compose (Debian's package) or the docker compose plugin, in the repository's folder. */
    private static Run compose(String... args) {
        List<List<String>> parsers = List.of(List.of("docker-compose"), List.of("docker", "compose"));
        for (List<String> parser : parsers) {
            List<String> command = new ArrayList<>(parser);
            command.addAll(List.of("-f", "docker-compose.yml", "--project-directory", "."));
            command.addAll(List.of(args).stream().map(a -> a.replace("../", "")).toList());
            try {
                Process process = new ProcessBuilder(command).directory(Path.of("..").toFile()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in 60 s");
                }
                if (parser.size() == 2 && output.contains("unknown command")) {
                    continue;
                }
                return new Run(process.exitValue(), output);
            } catch (IOException notInstalled) {
                // try the next parser
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no Compose parser here: install Debian's docker-compose (apt-get install docker-compose; .ci/run does) or the docker compose plugin");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> parsed(boolean replicas) {
        Run run = replicas ? compose("--env-file", "replicas.env", "config") : compose("config");
        assertThat(run.exit()).as("compose config: " + run.output()).isZero();
        Map<String, Object> resolved = new Yaml().load(run.output());
        return (Map<String, Map<String, Object>>) resolved.get("services");
    }

    // -- reading the file

    private static Path file() {
        return Path.of("..", "docker-compose.yml");
    }

    private static String text() {
        try {
            return Files.readString(file());
        } catch (IOException e) {
            throw new IllegalStateException("no docker-compose.yml beside devstack", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> load() {
        LoaderOptions options = new LoaderOptions();
        Map<String, Object> compose = new Yaml(options).load(text());
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** The host address of a short-syntax port ("127.0.0.1:15432:5432"; none means every interface). */
    private static String hostIp(String port) {
        String[] parts = port.split(":");
        return parts.length == 3 ? parts[0] : "0.0.0.0";
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service == null ? null : service.get("environment");
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(k.toString(), v == null ? null : v.toString()));
        } else {
            for (Object entry : list(environment)) {
                String[] kv = entry.toString().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return env;
    }

    private static List<String> commands(Map<String, Object> service) {
        List<String> lines = new ArrayList<>();
        for (String key : List.of("command", "entrypoint")) {
            Object value = service.get(key);
            if (value instanceof String s) {
                lines.add(s);
            } else {
                list(value).forEach(v -> lines.add(v.toString()));
            }
        }
        if (service.get("healthcheck") instanceof Map<?, ?> health) {
            list(health.get("test")).forEach(v -> lines.add(v.toString()));
        }
        return lines;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }
}
