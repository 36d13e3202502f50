package dev.twitterlike.tweet;

import dev.twitterlike.devstack.SchemaContract;

import java.util.Set;

/** Flyway builds tweet-service's own schema, with its own migration history, in the real PostgreSQL. */
class SchemaTest extends SchemaContract {

    @Override
    protected String schema() {
        return "tweets";
    }

    @Override
    protected Set<String> tables() {
        return Set.of("tweets", "likes", "retweets", "outbox", "idempotency_keys", "media", "cache_repairs");
    }
}
