-- notification-service owns notifications (schema notifications).

CREATE TABLE notifications (
    id              BIGINT PRIMARY KEY,           -- Snowflake: newest first is id DESC
    recipient_id    BIGINT      NOT NULL,
    type            VARCHAR(16) NOT NULL CHECK (type IN ('mention', 'reply', 'like', 'retweet', 'follow')),
    actor_id        BIGINT      NOT NULL,
    tweet_id        BIGINT,
    -- what caused it ("like:<user>:<tweet>"), so that undoing the cause removes it
    source_key      VARCHAR(200) NOT NULL,
    source_event_id UUID        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at         TIMESTAMPTZ,
    -- at most one notification per source event and recipient: redeliveries change nothing
    UNIQUE (source_event_id, recipient_id)
);
CREATE INDEX notifications_recipient_newest ON notifications (recipient_id, id DESC);
CREATE INDEX notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL;
CREATE INDEX notifications_source ON notifications (source_key);
