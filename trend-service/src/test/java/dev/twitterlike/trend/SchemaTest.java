package dev.twitterlike.trend;

import dev.twitterlike.devstack.SchemaContract;

import java.util.Set;

/** Flyway builds trend-service's own schema, with its own migration history, in the real PostgreSQL. */
class SchemaTest extends SchemaContract {

    @Override
    protected String schema() {
        return "trends";
    }

    @Override
    protected Set<String> tables() {
        return Set.of("hashtag_activity", "processed_events", "deleted_tweets");
    }
}
