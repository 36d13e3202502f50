-- tweet-service owns tweets, likes and retweets (schema tweets). Authors live in graph.users;
-- there is no foreign key across schemas: each service owns its data.

CREATE TABLE tweets (
    id            BIGINT PRIMARY KEY,                 -- Snowflake: ordering by id is ordering by time
    author_id     BIGINT       NOT NULL,
    content       VARCHAR(280) NOT NULL,              -- PostgreSQL counts characters (code points)
    media_urls    TEXT[]       NOT NULL DEFAULT '{}',
    hashtags      TEXT[]       NOT NULL DEFAULT '{}', -- lower-cased, NFKC-normalised, without '#'
    mentions      BIGINT[]     NOT NULL DEFAULT '{}', -- user ids
    reply_to      BIGINT REFERENCES tweets (id),
    like_count    INTEGER      NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    retweet_count INTEGER      NOT NULL DEFAULT 0 CHECK (retweet_count >= 0),
    reply_count   INTEGER      NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    deleted_at    TIMESTAMPTZ                         -- soft delete; hard-deleted after 30 days
);
-- a user's tweets, newest first; also the celebrity pull and the timeline rebuild
CREATE INDEX tweets_author_newest ON tweets (author_id, id DESC) WHERE deleted_at IS NULL;
-- tweets by hashtag: hashtags @> ARRAY['tag'] uses it
CREATE INDEX tweets_hashtags ON tweets USING GIN (hashtags);
CREATE INDEX tweets_replies ON tweets (reply_to, id DESC) WHERE reply_to IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX tweets_deleted ON tweets (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE likes (
    user_id    BIGINT      NOT NULL,
    tweet_id   BIGINT      NOT NULL REFERENCES tweets (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, tweet_id)
);
CREATE INDEX likes_tweet ON likes (tweet_id, created_at DESC);

-- a retweet is its own row (and its own Snowflake id, so it sorts into timelines by when it happened)
CREATE TABLE retweets (
    id         BIGINT PRIMARY KEY,
    user_id    BIGINT      NOT NULL,
    tweet_id   BIGINT      NOT NULL REFERENCES tweets (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, tweet_id)
);
CREATE INDEX retweets_user_newest ON retweets (user_id, id DESC);
CREATE INDEX retweets_tweet ON retweets (tweet_id);

-- per-author counters that belong to this service (the User object's tweetCount)
CREATE TABLE author_stats (
    author_id   BIGINT PRIMARY KEY,
    tweet_count INTEGER NOT NULL DEFAULT 0 CHECK (tweet_count >= 0)
);

-- Transactional outbox: events are written in the same transaction as the change they
-- describe, then relayed to Kafka by a poller. A committed change is never lost when Kafka is
-- down; the relay marks rows published and a cleanup job removes old published rows.
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    topic        VARCHAR(100) NOT NULL,
    event_key    VARCHAR(100) NOT NULL,
    payload      JSONB        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
