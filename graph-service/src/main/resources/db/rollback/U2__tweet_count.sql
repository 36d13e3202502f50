-- Undoes V2. The per-user tweet counts go; tweet-service's events rebuild them after a re-migrate
-- only if replayed (scripts/replay.sh graph-service ...).
ALTER TABLE users DROP COLUMN tweet_count;
