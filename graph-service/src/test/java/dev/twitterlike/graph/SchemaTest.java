package dev.twitterlike.graph;

import dev.twitterlike.devstack.SchemaContract;

import java.util.Set;

/** Flyway builds graph-service's own schema, with its own migration history, in the real PostgreSQL. */
class SchemaTest extends SchemaContract {

    @Override
    protected String schema() {
        return "graph";
    }

    @Override
    protected Set<String> tables() {
        return Set.of("users", "follows", "outbox", "processed_events", "sessions", "session_evictions", "sign_in_attempts");
    }
}
