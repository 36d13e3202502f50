package dev.twitterlike.notification;

import dev.twitterlike.devstack.UseDevStack;
import dev.twitterlike.devstack.Infra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway builds this service's own schema, with its own migration history, in the real PostgreSQL. */
@UseDevStack
@SpringBootTest
class SchemaTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void migrationsCreateTheOwnedTablesInTheServicesSchema() {
        assertThat(jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'notifications'")
                .query(String.class).list())
                .contains("notifications", "flyway_schema_history");
        assertThat(jdbc.sql("SELECT count(*) FROM notifications.flyway_schema_history WHERE success").query(Integer.class).single())
                .isPositive();
    }
}
