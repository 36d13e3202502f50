package dev.twitterlike.tweet;

import dev.twitterlike.devstack.SiblingSchemas;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * graph-service's schema in the test database, migrated from graph-service's own migration
 * files as graph-service's role (SiblingSchemas), with graph's own history table and its read
 * grants: tweet-service reads {@code graph.users} (authors, mentions) and its tests insert
 * users there through {@link SiblingSchemas#fixtures()}.
 */
@TestConfiguration(proxyBeanMethods = false)
class GraphSchemaForTests {

    @Bean
    InitializingBean graphSchemaFromGraphServiceMigrations(DataSource dataSource) {
        return () -> SiblingSchemas.migrate(dataSource, "graph-service", "graph");
    }
}
