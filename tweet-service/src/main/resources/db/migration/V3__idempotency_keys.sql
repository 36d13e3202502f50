-- Idempotency-Key of POST /api/tweets, claimed in the same transaction that writes the tweet, so
-- a key posts at most one tweet whatever crashes or retries (it lived in Valkey before, where an
-- outage meant no protection at all). A row is the first response, replayed byte for byte.
CREATE TABLE idempotency_keys (
    user_id         BIGINT       NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    -- SHA-256 of the parsed request body: the same key with another body is a 422
    fingerprint     CHAR(64)     NOT NULL,
    -- the response; set before the claiming transaction commits, so never NULL once visible
    status          SMALLINT,
    location        VARCHAR(200),
    body            TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);
-- for the purge of keys past their 24 hours
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
