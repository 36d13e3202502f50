-- timeline-service reads the accounts it pulls (celebrities and the recently demoted) every
-- second: a small partial index keeps that read cheap however many users there are.
CREATE INDEX users_pulled_idx ON users (id) WHERE is_celebrity OR demoted_at IS NOT NULL;
