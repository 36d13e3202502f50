-- What tweet-service could not write to the read model's cache in Valkey right after a commit
-- (Valkey away, a Valkey Cluster master failing over, a timeout): the cached copy may now be
-- older than PostgreSQL, and a stale count or flag, or a tombstone that never landed, would
-- otherwise be served until its TTL (days). CacheRepairs writes PostgreSQL's current values
-- over them once Valkey answers, then removes the row. user_id 0: the tweet's own hash (counts,
-- tombstone); another id: that user's like and retweet flags for the tweet.
CREATE TABLE cache_repairs (
    tweet_id  BIGINT      NOT NULL,
    user_id   BIGINT      NOT NULL DEFAULT 0,
    queued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tweet_id, user_id)
);
CREATE INDEX cache_repairs_oldest ON cache_repairs (queued_at);
