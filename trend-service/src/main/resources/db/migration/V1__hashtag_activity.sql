-- trend-service keeps 90 days of hashtag activity (schema trends): history, and the source
-- the one-minute Valkey buckets are rebuilt from when Valkey loses them.

CREATE TABLE hashtag_activity (
    hashtag      VARCHAR(100) NOT NULL,
    tweet_id     BIGINT       NOT NULL,
    author_id    BIGINT       NOT NULL,
    location_key VARCHAR(30),
    occurred_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (hashtag, tweet_id)
);
CREATE INDEX hashtag_activity_recent ON hashtag_activity (occurred_at, hashtag);
CREATE INDEX hashtag_activity_tweet ON hashtag_activity (tweet_id);

-- events already applied, so a redelivered event is counted once
CREATE TABLE processed_events (
    event_id     UUID PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
