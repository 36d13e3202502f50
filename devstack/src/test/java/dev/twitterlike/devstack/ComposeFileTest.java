package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml read as Compose reads it (anchors and merge keys resolved), since this
 * machine has no Docker engine to run it: what it publishes, and that it holds no secret.
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
