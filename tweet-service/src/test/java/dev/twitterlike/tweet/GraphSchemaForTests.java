package dev.twitterlike.tweet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * graph-service's schema in the test database, migrated from graph-service's own migration
 * files (surefire runs in the module directory), with graph's own history table: tweet-service
 * reads {@code graph.users} (authors, mentions) and its tests insert users there.
 */
@TestConfiguration(proxyBeanMethods = false)
class GraphSchemaForTests {

    @Bean
    MigrateResult graphSchemaFromGraphServiceMigrations(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).schemas("graph").defaultSchema("graph")
                .locations("filesystem:../graph-service/src/main/resources/db/migration").load().migrate();
    }
}
