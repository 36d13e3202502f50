package dev.twitterlike.notification;

import dev.twitterlike.devstack.SchemaContract;

import java.util.Set;

/** Flyway builds notification-service's own schema, with its own migration history, in the real PostgreSQL. */
class SchemaTest extends SchemaContract {

    @Override
    protected String schema() {
        return "notifications";
    }

    @Override
    protected Set<String> tables() {
        return Set.of("notifications", "undone_sources");
    }
}
