-- Sign-in attempts per username (lower case), in a fixed window: the limit that guards a
-- password against guessing. It is kept here, not in Valkey, so it holds while Valkey is down
-- (the gateway's per-address limits fail open then) and whichever instance is asked. Unknown
-- usernames are counted too, so the answer never tells whether an account exists.
CREATE TABLE sign_in_attempts (
    username_key   TEXT        PRIMARY KEY CHECK (length(username_key) <= 64),
    attempts       INTEGER     NOT NULL,
    window_started TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_started);
