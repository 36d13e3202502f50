package dev.twitterlike.devstack;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.HashSet;
import java.util.Set;

/**
 * For services that read tables another service owns (the fanout worker reads graph.follows,
 * the timeline reads tweets): tests build those schemas from their owners' own migrations, the
 * sibling module's files (Surefire runs in the module's folder), so they test against the real
 * schema, never a copy of it.
 */
public final class SiblingSchemas {

    private static final Set<String> MIGRATED = new HashSet<>();

    private SiblingSchemas() {
    }

    /** @param owners pairs of module and schema, e.g. {@code "graph-service", "graph"} */
    public static synchronized void migrate(DataSource dataSource, String... owners) {
        for (int i = 0; i + 1 < owners.length; i += 2) {
            String module = owners[i];
            String schema = owners[i + 1];
            if (MIGRATED.add(schema)) {
                Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                        .locations("filesystem:../" + module + "/src/main/resources/db/migration")
                        .load().migrate();
            }
        }
    }
}
