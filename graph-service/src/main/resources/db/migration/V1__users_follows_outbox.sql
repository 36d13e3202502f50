-- graph-service owns users, credentials, profiles and follows (schema graph).
-- Ids are Snowflake ids made by the service: time-ordered 64-bit, sent to clients as strings.

CREATE TABLE users (
    id              BIGINT PRIMARY KEY,
    username        VARCHAR(15)  NOT NULL CHECK (username ~ '^[A-Za-z0-9_]{1,15}$'),
    display_name    VARCHAR(50)  NOT NULL,
    bio             VARCHAR(160) NOT NULL DEFAULT '',
    location        VARCHAR(30)  NOT NULL DEFAULT '',
    -- the location normalised ("San Francisco, CA" -> "san-francisco-ca") for location trends
    location_key    VARCHAR(30),
    avatar_url      VARCHAR(500),
    password_hash   VARCHAR(100) NOT NULL,
    follower_count  INTEGER      NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
    following_count INTEGER      NOT NULL DEFAULT 0 CHECK (following_count >= 0),
    -- set at CELEBRITY_THRESHOLD followers, cleared below 90 % of it (hysteresis)
    is_celebrity    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- usernames are unique without regard to case
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));
-- "popular accounts" for who-to-follow, and the list of celebrities the timeline pulls from
CREATE INDEX users_popular ON users (follower_count DESC, id);
CREATE INDEX users_celebrities ON users (id) WHERE is_celebrity;

CREATE TABLE follows (
    follower_id  BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    following_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, following_id),
    CHECK (follower_id <> following_id)
);
-- fanout pages through an author's followers; "who follows X" lists
CREATE INDEX follows_following_follower ON follows (following_id, follower_id);
-- newest-first pages of followers and following
CREATE INDEX follows_followers_newest ON follows (following_id, created_at DESC, follower_id DESC);
CREATE INDEX follows_following_newest ON follows (follower_id, created_at DESC, following_id DESC);

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
