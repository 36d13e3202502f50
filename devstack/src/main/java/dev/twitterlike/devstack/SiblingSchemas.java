package dev.twitterlike.devstack;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * For services that read tables another service owns (the fanout worker reads graph.follows,
 * the timeline reads tweets): tests build those schemas from their owners' own migrations, the
 * sibling module's files (Surefire runs in the module's folder), so they test against the real
 * schema, never a copy of it. They are migrated as their owner's role, as the owner would
 * migrate them, with the read grants of common's {@code db/read-grants}; the test's own role
 * then reads them with exactly the grants it has when it runs.
 */
public final class SiblingSchemas {

    private static final Set<String> MIGRATED = new HashSet<>();

    private SiblingSchemas() {
    }

    /**
     * @param dataSource the test's own; used only when the tests run against an external
     *                   PostgreSQL (SPRING_DATASOURCE_URL), where devstack knows no roles
     * @param owners     pairs of module and schema, e.g. {@code "graph-service", "graph"}
     */
    public static synchronized void migrate(DataSource dataSource, String... owners) {
        PostgresServer node = DevStack.get().postgres();
        for (int i = 0; i + 1 < owners.length; i += 2) {
            String module = owners[i];
            String schema = owners[i + 1];
            if (MIGRATED.add(schema)) {
                DataSource asOwner = node == null ? dataSource
                        : dataSource(node.jdbcUrl(), PostgresNode.role(module), PostgresNode.testPassword(module));
                Flyway.configure().dataSource(asOwner).schemas(schema).defaultSchema(schema)
                        .locations("filesystem:../" + module + "/src/main/resources/db/migration",
                                "filesystem:../common/src/main/resources/db/read-grants")
                        .load().migrate();
            }
        }
    }

    /**
     * The connection for test data in another service's tables (a user row for a tweet's
     * author, a follow, a tweet to fan out): the superuser, as a seeding tool connects, since
     * the test's own role may only read them. Only tests write through it; the code under test
     * uses the application's data source.
     */
    public static synchronized DataSource fixtures() {
        PostgresServer node = DevStack.get().postgres();
        if (node == null) {
            Map<String, String> env = System.getenv();
            return dataSource(env.get("SPRING_DATASOURCE_URL"), env.get("SPRING_DATASOURCE_USERNAME"),
                    env.get("SPRING_DATASOURCE_PASSWORD"));
        }
        return dataSource(node.jdbcUrl(), PostgresNode.USER, node.adminPassword());
    }

    static DataSource dataSource(String url, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }
}
