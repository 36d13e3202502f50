package dev.twitterlike.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The way back for Flyway migrations: every {@code <module>/src/main/resources/db/migration/V<n>__x.sql}
 * has a reviewed down script {@code db/rollback/U<n>__x.sql} beside it. A rollback applies the down
 * scripts from the newest applied migration down to the given version, each in its own
 * transaction together with removing its row from the schema's {@code flyway_schema_history}, as
 * the owner's role; the service's next start (or {@code Flyway.migrate}) applies them again.
 * Community Flyway has no undo, and this is the design's rollback runbook as code
 * ({@code scripts/migrate.sh}, docs/operations.md).
 */
public final class Migrations {

    /** The services that own a schema, and the schema. */
    public static final Map<String, String> SCHEMAS = schemas();

    private static final Pattern VERSIONED = Pattern.compile("([VU])(\\d+)__(.+)\\.sql");

    private Migrations() {
    }

    private static Map<String, String> schemas() {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("graph-service", "graph");
        owners.put("tweet-service", "tweets");
        owners.put("trend-service", "trends");
        owners.put("notification-service", "notifications");
        return java.util.Collections.unmodifiableMap(owners);
    }

    /** One applied migration, from the schema's history. */
    public record Applied(int version, String description, Instant installedOn, boolean success) {
    }

    /** A migration file or its down script. */
    public record Script(int version, String description, Path file) {
    }

    public static String schemaOf(String service) {
        String schema = SCHEMAS.get(service);
        if (schema == null) {
            throw new IllegalArgumentException("no schema is owned by " + service + "; the owners are " + SCHEMAS.keySet());
        }
        return schema;
    }

    /** The module's migrations (kind V) or down scripts (kind U), by version. */
    public static List<Script> scripts(Path root, String service, char kind) {
        Path dir = root.resolve(service).resolve("src/main/resources/db").resolve(kind == 'V' ? "migration" : "rollback");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Script> scripts = new ArrayList<>();
            files.forEach(file -> {
                Matcher m = VERSIONED.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).charAt(0) == kind) {
                    scripts.add(new Script(Integer.parseInt(m.group(2)), m.group(3), file));
                }
            });
            scripts.sort(Comparator.comparingInt(Script::version));
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Applied> applied(Connection connection, String schema) throws SQLException {
        List<Applied> applied = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, installed_on, success FROM "
                     + quote(schema) + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                applied.add(new Applied(Integer.parseInt(rs.getString(1)), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getBoolean(4)));
            }
        }
        return applied;
    }

    /**
     * Undoes every applied migration of the service whose version is at least {@code toVersion},
     * newest first. Refuses before changing anything when a down script is missing.
     *
     * @return the versions undone, in the order they were
     */
    public static List<Integer> rollback(Connection connection, Path root, String service, int toVersion) throws SQLException {
        String schema = schemaOf(service);
        Map<Integer, Script> downs = new LinkedHashMap<>();
        scripts(root, service, 'U').forEach(s -> downs.put(s.version(), s));
        List<Integer> undo = applied(connection, schema).stream().map(Applied::version)
                .filter(v -> v >= toVersion).sorted(Comparator.reverseOrder()).toList();
        if (undo.isEmpty()) {
            throw new IllegalArgumentException(service + " has no applied migration at or above V" + toVersion);
        }
        List<Integer> missing = undo.stream().filter(v -> !downs.containsKey(v)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(service + " has no down script for " + missing + " (db/rollback/U<n>__...sql); nothing was changed");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        List<Integer> undone = new ArrayList<>();
        try {
            for (int version : undo) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET LOCAL search_path TO " + quote(schema));
                    s.execute(Files.readString(downs.get(version).file()));
                    s.executeUpdate("DELETE FROM " + quote(schema) + ".flyway_schema_history WHERE version = '" + version + "'");
                    connection.commit();
                    undone.add(version);
                } catch (SQLException | IOException | RuntimeException e) {
                    connection.rollback();
                    throw new IllegalStateException("V" + version + " of " + service + " could not be undone (undone so far: "
                            + undone + "): " + e.getMessage(), e);
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return undone;
    }

    private static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + identifier);
        }
        return identifier;
    }

    /**
     * {@code migrate status [SERVICE]} or {@code migrate rollback SERVICE VERSION}, with
     * {@code --url}, {@code --root} (the repository) and {@code --secrets} (the directory with
     * {@code db-<service>}: the owner's role connects) before them.
     */
    public static void main(String[] args) {
        String url = null;
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path secrets = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--secrets" -> secrets = Path.of(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        if (url == null || secrets == null || rest.isEmpty()) {
            fail("usage: migrate --url JDBC_URL --secrets DIR [--root REPO] status [SERVICE] | rollback SERVICE VERSION");
        }
        try {
            switch (rest.get(0)) {
                case "status" -> {
                    List<String> services = rest.size() > 1 ? List.of(rest.get(1)) : List.copyOf(SCHEMAS.keySet());
                    for (String service : services) {
                        status(url, secrets, root, service);
                    }
                }
                case "rollback" -> {
                    if (rest.size() != 3 || !rest.get(2).matches("\\d{1,4}")) {
                        fail("usage: migrate rollback SERVICE VERSION (a number: V<n> and every newer one are undone)");
                    }
                    String service = rest.get(1);
                    schemaOf(service);
                    try (Connection c = connect(url, secrets, service)) {
                        long t0 = System.nanoTime();
                        List<Integer> undone = rollback(c, root, service, Integer.parseInt(rest.get(2)));
                        System.out.printf("%s: undid %s in %d ms; the service's next start migrates again (stop it first if it must not)%n",
                                service, undone.stream().map(v -> "V" + v).toList(), (System.nanoTime() - t0) / 1_000_000);
                    }
                }
                default -> fail("unknown migrate command: " + rest.get(0) + " (status or rollback)");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            fail("migrate: " + e.getMessage());
        } catch (SQLException e) {
            fail("migrate: PostgreSQL refused (" + e.getSQLState() + "): " + e.getMessage());
        }
    }

    private static void status(String url, Path secrets, Path root, String service) throws SQLException {
        String schema = schemaOf(service);
        Map<Integer, Script> downs = new LinkedHashMap<>();
        scripts(root, service, 'U').forEach(s -> downs.put(s.version(), s));
        List<Applied> applied;
        try (Connection c = connect(url, secrets, service)) {
            applied = applied(c, schema);
        }
        System.out.printf("%s (schema %s)%n", service, schema);
        for (Script v : scripts(root, service, 'V')) {
            Optional<Applied> row = applied.stream().filter(a -> a.version() == v.version()).findFirst();
            System.out.printf("  V%-3d %-36s %-28s %s%n", v.version(), v.description(),
                    row.map(a -> (a.success() ? "applied " : "FAILED ") + a.installedOn()).orElse("pending"),
                    downs.containsKey(v.version()) ? "down script: yes" : "down script: MISSING");
        }
    }

    private static Connection connect(String url, Path secrets, String service) throws SQLException {
        String password;
        try {
            password = Files.readString(secrets.resolve("db-" + service)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + secrets.resolve("db-" + service) + ": " + e.getMessage());
        }
        return DriverManager.getConnection(url, PostgresNode.role(service), password);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
