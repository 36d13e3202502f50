-- Sessions, durably. Valkey holds the same sessions as a cache (session:<hash>, the fast path
-- the gateway reads), so a signed-in user stays signed in while Valkey is down or after it lost
-- its data. Only SHA-256 hashes of the tokens are kept: a copy of this table signs nobody in.
CREATE TABLE sessions (
    token_hash BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Sign-outs whose Valkey copy must go. Written in the sign-out's transaction; the row is deleted
-- once Valkey confirmed the delete and a minute has passed (a lookup racing the sign-out could
-- otherwise put the copy back), so a sign-out during a Valkey outage takes effect on its return.
CREATE TABLE session_evictions (
    token_hash BYTEA PRIMARY KEY,
    queued_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
