-- Deleted tweets, kept as long as their activity would have been (90 days):
-- * tweet.deleted and tweet.created travel on different topics, so a delete can arrive first;
--   its tombstone stops the late create from being counted;
-- * what the tweet had been counted as (tags, author, location, minute), so a redelivered
--   delete can take it out of the Valkey buckets again after its activity rows are gone.
CREATE TABLE deleted_tweets (
    tweet_id     BIGINT PRIMARY KEY,
    author_id    BIGINT         NOT NULL,
    location_key VARCHAR(30),
    occurred_at  TIMESTAMPTZ    NOT NULL,
    hashtags     VARCHAR(100)[] NOT NULL,
    deleted_at   TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX deleted_tweets_deleted_at ON deleted_tweets (deleted_at);

-- processed events are purged by age (kept longer than Kafka keeps the events)
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);
