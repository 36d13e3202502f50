package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Flyway must leave behind for a service that owns a schema, checked in the real
 * PostgreSQL: exactly the tables the service names (a table no migration should still make, or
 * one made elsewhere, fails it), its own migration history there with no failed step, and the
 * schema owned by the role the service connects as. A service's test extends it and names its
 * schema and tables.
 */
@UseDevStack
@SpringBootTest
public abstract class SchemaContract {

    @Autowired
    protected DataSource dataSource;

    /** The schema the service's migrations build, e.g. {@code graph}. */
    protected abstract String schema();

    /** Its tables (not views), without {@code flyway_schema_history}. */
    protected abstract Set<String> tables();

    @Test
    void migrationsCreateExactlyTheOwnedTablesInTheServicesSchema() throws SQLException {
        Set<String> expected = new TreeSet<>(tables());
        expected.add("flyway_schema_history");
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'", schema()))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theMigrationHistoryIsTheServicesOwnAndHasNoFailedStep() throws SQLException {
        String history = "\"" + schema() + "\".flyway_schema_history";
        assertThat(strings("SELECT count(*)::text FROM " + history + " WHERE success")).singleElement()
                .satisfies(n -> assertThat(Integer.parseInt(n)).isPositive());
        assertThat(strings("SELECT version FROM " + history + " WHERE NOT success")).isEmpty();
        assertThat(strings("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = ?", schema()))
                .as("the schema's owner").containsExactly(strings("SELECT current_user::text").get(0));
    }

    private List<String> strings(String sql, String... params) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
