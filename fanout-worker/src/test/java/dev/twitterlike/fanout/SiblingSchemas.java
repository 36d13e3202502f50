package dev.twitterlike.fanout;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * The worker reads tables other services own. Tests build them from their owners' migrations
 * (the sibling modules' files; Surefire runs in this module's folder), so the worker is tested
 * against the real schema, never a copy of it.
 */
public final class SiblingSchemas {

    private static boolean migrated;

    private SiblingSchemas() {
    }

    public static synchronized void migrate(DataSource dataSource) {
        if (migrated) {
            return;
        }
        for (String[] owner : new String[][] {{"graph", "graph-service"}, {"tweets", "tweet-service"}}) {
            Flyway.configure().dataSource(dataSource).schemas(owner[0]).defaultSchema(owner[0])
                    .locations("filesystem:../" + owner[1] + "/src/main/resources/db/migration")
                    .load().migrate();
        }
        migrated = true;
    }
}
