package dev.twitterlike.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a Docker engine answers. Where nothing could point at one (no {@code DOCKER_HOST}, no
 * Testcontainers configuration, no engine socket) the answer is no without loading
 * Testcontainers at all, so a machine without Docker starts exactly as it did before; otherwise
 * Testcontainers asks the engine (its own discovery: the environment, the socket, Docker Desktop,
 * rootless Docker).
 */
public final class DockerEngine {

    private DockerEngine() {
    }

    public static boolean answers() {
        if (candidates().isEmpty()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** What could point at an engine here, for messages ("none" when nothing does). */
    public static String describe() {
        List<String> found = candidates();
        return found.isEmpty() ? "DOCKER_HOST is unset and there is no Docker socket" : "tried " + String.join(", ", found);
    }

    private static List<String> candidates() {
        List<String> found = new ArrayList<>();
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            found.add("DOCKER_HOST=" + host);
        }
        String home = System.getProperty("user.home", "");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        List<Path> places = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"), Path.of(home, ".testcontainers.properties")));
        if (runtime != null && !runtime.isBlank()) {
            places.add(Path.of(runtime, "docker.sock"));
        }
        for (Path place : places) {
            if (Files.exists(place)) {
                found.add(place.toString());
            }
        }
        return found;
    }
}
