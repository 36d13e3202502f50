-- tweet.deleted removes every notification from the tweet (mentions, replies) or about it
-- (likes, retweets): all of them carry it in tweet_id.
CREATE INDEX notifications_tweet ON notifications (tweet_id) WHERE tweet_id IS NOT NULL;

-- Causes that were undone (unlike, unfollow, un-retweet: source_key as on notifications) or
-- deleted ("tweet:<id>"). Topics are consumed independently and events are redelivered, so the
-- event that caused a notification can be processed after the one that undid it; it must not
-- bring the notification back. A cause is skipped when it happened at or before its undo
-- (undone_at is the undo event's occurredAt; 'infinity' for a deleted tweet, which never comes
-- back). Rows are forgotten after twitter.notifications.undo-memory.
CREATE TABLE undone_sources (
    source_key  VARCHAR(200) PRIMARY KEY,
    undone_at   TIMESTAMPTZ  NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX undone_sources_recorded ON undone_sources (recorded_at);
