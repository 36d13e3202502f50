package dev.twitterlike.devstack;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries every service keeps, checked by each service's {@code ArchitectureTest}
 * against its own compiled classes and sources (docs/data-ownership.md):
 *
 * <ul>
 *   <li>no cycles between the service's packages;</li>
 *   <li>controllers are thin: no SQL, Valkey or Kafka client in a {@code @RestController}
 *       (they call the service's own classes);</li>
 *   <li>SQL only in data classes: nothing that holds a live stream or a Kafka listener, and no
 *       configuration, uses {@code JdbcClient} itself;</li>
 *   <li>another service's data only through the views its owner publishes (the
 *       {@code CREATE VIEW}s in the owner's migrations), never its tables, and from one class
 *       of the service only.</li>
 * </ul>
 *
 * The SQL rules read the string literals of the module's sources (ArchUnit sees classes, not
 * the SQL inside them); schema names are matched only inside strings, so a variable or a
 * package called {@code tweets} is not one.
 */
public final class ArchitectureRules {

    private static final List<String> DATA_CLIENTS = List.of(
            "org.springframework.jdbc.core.simple.JdbcClient", "org.springframework.jdbc.core.JdbcTemplate",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate");
    private static final List<String> INFRASTRUCTURE_CLIENTS = List.of(
            "org.springframework.data.redis.core.StringRedisTemplate", "org.springframework.data.redis.core.RedisTemplate",
            "org.springframework.kafka.core.KafkaTemplate", "jakarta.persistence.EntityManager");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern VIEW = Pattern.compile("CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(?:\\w+\\.)?(\\w+)", Pattern.CASE_INSENSITIVE);

    private ArchitectureRules() {
    }

    /**
     * @param module      the module's folder name (e.g. {@code timeline-service}); the test runs in it
     * @param basePackage the module's root package
     */
    public static void check(String module, String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes of " + basePackage + " found");
        }
        for (ArchRule rule : rules(basePackage)) {
            rule.check(classes);
        }
        List<String> violations = foreignReads(module, Path.of("src/main/java"));
        if (!violations.isEmpty()) {
            throw new AssertionError("reads of other services' data that are not through one class and their published views:\n  "
                    + String.join("\n  ", violations));
        }
    }

    static List<ArchRule> rules(String basePackage) {
        DescribedPredicate<JavaClass> dataClients = named(DATA_CLIENTS, "a SQL client");
        List<String> clients = new ArrayList<>(DATA_CLIENTS);
        clients.addAll(INFRASTRUCTURE_CLIENTS);
        DescribedPredicate<JavaClass> notDataClasses = DescribedPredicate.describe(
                "are configuration, hold live streams or listen to Kafka",
                c -> c.isAnnotatedWith("org.springframework.context.annotation.Configuration")
                        || c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getName()
                                .equals("org.springframework.web.servlet.mvc.method.annotation.SseEmitter"))
                        || c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith("org.springframework.kafka.annotation.KafkaListener")));
        return List.of(
                slices().matching(basePackage + ".(*)..").should().beFreeOfCycles()
                        .as("the packages of " + basePackage + " have no cycles").allowEmptyShould(true),
                noClasses().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                        .should().dependOnClassesThat(named(clients, "a SQL, Valkey or Kafka client"))
                        .as("controllers are thin: they call the service's classes, never SQL, Valkey or Kafka themselves")
                        .allowEmptyShould(true),
                noClasses().that(notDataClasses).should().dependOnClassesThat(dataClients)
                        .as("SQL lives in data classes: not in configuration, live streams or Kafka listeners")
                        .allowEmptyShould(true));
    }

    private static DescribedPredicate<JavaClass> named(List<String> names, String description) {
        return DescribedPredicate.describe(description, c -> names.contains(c.getName()));
    }

    /**
     * What the module's sources read of other schemas that breaks the rule: a table (not a
     * published view) of another owner, or foreign reads from more than one class.
     */
    public static List<String> foreignReads(String module, Path sources) {
        String own = Migrations.SCHEMAS.get(module);
        Map<String, Set<String>> published = publishedViews(sources.toAbsolutePath().getParent().getParent().getParent().getParent());
        Pattern reference = Pattern.compile("(?<![\\w.])(" + String.join("|", published.keySet()) + ")\\.([a-z_]+)\\b");
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> readersByClass = new TreeMap<>();
        for (Path file : javaFiles(sources)) {
            String name = sources.relativize(file).toString();
            for (String literal : literals(read(file))) {
                Matcher m = reference.matcher(literal);
                while (m.find()) {
                    String schema = m.group(1);
                    if (schema.equals(own)) {
                        continue;
                    }
                    String relation = schema + "." + m.group(2);
                    readersByClass.computeIfAbsent(name, k -> new TreeSet<>()).add(relation);
                    if (!published.get(schema).contains(m.group(2))) {
                        violations.add(name + " reads " + relation + ", which is not a view " + schema + "'s owner publishes "
                                + published.get(schema));
                    }
                }
            }
        }
        if (readersByClass.size() > 1) {
            violations.add("more than one class reads other services' data: " + readersByClass);
        }
        return violations;
    }

    /** The views each owner's migrations create, by schema. */
    static Map<String, Set<String>> publishedViews(Path repository) {
        Map<String, Set<String>> views = new TreeMap<>();
        Migrations.SCHEMAS.forEach((owner, schema) -> {
            Set<String> names = new TreeSet<>();
            Path migrations = repository.resolve(owner).resolve("src/main/resources/db/migration");
            for (Path file : files(migrations, ".sql")) {
                Matcher m = VIEW.matcher(read(file));
                while (m.find()) {
                    names.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
            views.put(schema, names);
        });
        return views;
    }

    static List<String> literals(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
        List<String> literals = new ArrayList<>();
        Matcher m = STRING_LITERAL.matcher(code);
        while (m.find()) {
            literals.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return literals;
    }

    private static Collection<Path> javaFiles(Path root) {
        return files(root, ".java");
    }

    private static List<Path> files(Path root, String suffix) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
