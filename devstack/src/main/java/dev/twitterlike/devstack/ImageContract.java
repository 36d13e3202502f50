package dev.twitterlike.devstack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image of the application under test, read from the tarball Jib's {@code jib:buildTar}
 * wrote ({@code target/jib-image.tar}, profile "images"), without loading it anywhere: its
 * configuration (entrypoint, user, exposed port, environment, labels) against what the
 * application and scripts/run.sh say, and its layers (a Java runtime, the application). Each
 * application has an {@code ImageIT} that extends it; failsafe runs it after {@code package}.
 */
public abstract class ImageContract {

    /** The user every image runs as: app (10001) of the base layer's /etc/passwd, not root. */
    public static final String USER = "10001:10001";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Image image;

    private static synchronized Image image() throws IOException {
        if (image == null) {
            image = Image.read(Path.of("target", "jib-image.tar"));
        }
        return image;
    }

    private static String module() {
        return Path.of("").toAbsolutePath().getFileName().toString();
    }

    @Test
    void runsTheApplicationWithTheRunModesJvmFlagsAsAnUnprivilegedUser() throws IOException {
        JsonNode config = image().config().get("config");
        assertThat(config.get("User").asString()).isEqualTo(USER);
        List<String> entrypoint = strings(config.get("Entrypoint"));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        int classpath = entrypoint.indexOf("-cp");
        assertThat(classpath).as("entrypoint " + entrypoint).isPositive();
        assertThat(entrypoint.subList(1, classpath)).as("JVM flags: scripts/run.sh's SERVICE_JAVA_OPTS default")
                .containsExactlyElementsOf(runModeJvmFlags());
        String mainClass = entrypoint.get(entrypoint.size() - 1);
        assertThat(image().files()).as("the main class in the image")
                .contains("app/classes/" + mainClass.replace('.', '/') + ".class");
        assertThat(image().text("etc/passwd")).contains("app:x:10001:10001:");
        assertThat(strings(config.get("Env"))).contains("BIND_ADDRESS=0.0.0.0")
                .anySatisfy(e -> assertThat(e).startsWith("PATH=/opt/java/bin"))
                .noneSatisfy(e -> assertThat(e).containsPattern("(?i)^[A-Z_]*(PASSWORD|SECRET)="));
    }

    @Test
    void exposesTheApplicationsPortAndNamesItsProbesInItsLabels() throws IOException {
        JsonNode config = image().config().get("config");
        int port = serverPort();
        List<String> exposed = new ArrayList<>();
        config.get("ExposedPorts").propertyNames().forEach(exposed::add);
        assertThat(exposed).containsExactly(port + "/tcp");
        Map<String, String> labels = new HashMap<>();
        config.get("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        assertThat(labels).containsEntry("org.opencontainers.image.title", module())
                .containsEntry("org.opencontainers.image.version", "0.1.0-SNAPSHOT")
                .containsEntry("dev.twitterlike.probe.live", "http://127.0.0.1:" + port + "/live")
                .containsEntry("dev.twitterlike.probe.ready", "http://127.0.0.1:" + port + "/ready");
        assertThat(labels.get("org.opencontainers.image.description")).isNotBlank();
    }

    @Test
    void isLayeredWithTheRuntimeApartFromTheApplication() throws IOException {
        List<List<String>> layers = image().layers();
        assertThat(layers).as("dependencies, resources, classes, the base (Jib's layers)").hasSizeGreaterThanOrEqualTo(4);
        List<String> base = layers.stream().filter(l -> l.contains("opt/java/bin/java")).findFirst().orElseThrow();
        assertThat(base).as("the base layer: the runtime, its libraries, the health check, the user")
                .contains("bin/busybox", "etc/passwd", "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6")
                .noneSatisfy(f -> assertThat(f).startsWith("app/"));
        assertThat(layers.stream().filter(l -> l.stream().anyMatch(f -> f.startsWith("app/classes/"))).findFirst().orElseThrow())
                .as("the application's classes in a layer of their own").noneSatisfy(f -> assertThat(f).startsWith("app/libs/"));
        assertThat(image().modes()).as("executables")
                .containsEntry("opt/java/bin/java", 0755).containsEntry("bin/busybox", 0755)
                .containsEntry("lib64/ld-linux-x86-64.so.2", 0755).containsEntry("tmp", 0777);
        assertThat(image().files()).anySatisfy(f -> assertThat(f).matches("app/libs/spring-boot-4[^/]*\\.jar"));
        assertThat(image().files()).noneSatisfy(f -> assertThat(f).startsWith(".run/"));
    }

    /** server.port of the application's application.yml (a placeholder's default). */
    private static int serverPort() throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
        String port = String.valueOf(((Map<?, ?>) yaml.get("server")).get("port"));
        Matcher placeholder = Pattern.compile("\\$\\{[^:}]+:(\\d+)}").matcher(port);
        return Integer.parseInt(placeholder.matches() ? placeholder.group(1) : port);
    }

    /** SERVICE_JAVA_OPTS's default in scripts/run.sh: the run mode's JVM flags. */
    static List<String> runModeJvmFlags() throws IOException {
        String runSh = Files.readString(Path.of("..", "scripts", "run.sh"));
        Matcher m = Pattern.compile("SERVICE_JAVA_OPTS=\\$\\{SERVICE_JAVA_OPTS:-([^}]*)}").matcher(runSh);
        assertThat(m.find()).as("SERVICE_JAVA_OPTS default in scripts/run.sh").isTrue();
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** A docker-format image tarball: manifest.json, the config it names, gzipped layer tarballs. */
    record Image(JsonNode config, List<List<String>> layers, Map<String, Integer> modes, Map<String, byte[]> small) {

        static Image read(Path tarball) throws IOException {
            assertThat(tarball).as("Jib's tarball (./mvnw -Pimages package)").isRegularFile();
            Map<String, byte[]> jsons = new HashMap<>();
            Map<String, List<String>> layerFiles = new HashMap<>();
            Map<String, Integer> modes = new LinkedHashMap<>();
            Map<String, byte[]> small = new HashMap<>();
            try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarball))) {
                for (TarArchiveEntry entry; (entry = outer.getNextEntry()) != null; ) {
                    if (entry.getName().endsWith(".json")) {
                        jsons.put(entry.getName(), outer.readAllBytes());
                    } else if (entry.getName().endsWith(".tar.gz")) {
                        List<String> files = new ArrayList<>();
                        TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(nonClosing(outer)));
                        for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
                            String name = file.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                            files.add(name);
                            modes.put(name, file.getMode() & 07777);
                            if (name.startsWith("etc/") && file.getSize() < 65536) {
                                small.put(name, layer.readAllBytes());
                            }
                        }
                        layerFiles.put(entry.getName(), files);
                    }
                }
            }
            JsonNode manifest = JSON.readTree(jsons.get("manifest.json")).get(0);
            JsonNode config = JSON.readTree(jsons.get(manifest.get("Config").asString()));
            List<List<String>> layers = new ArrayList<>();
            manifest.get("Layers").forEach(l -> layers.add(layerFiles.get(l.asString())));
            return new Image(config, layers, modes, small);
        }

        List<String> files() {
            return layers.stream().flatMap(List::stream).toList();
        }

        String text(String file) {
            assertThat(small).as("files of the image's /etc").containsKey(file);
            return new String(small.get(file), StandardCharsets.UTF_8);
        }

        private static InputStream nonClosing(InputStream in) {
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                    // the outer tarball goes on
                }
            };
        }
    }
}
