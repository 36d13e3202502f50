-- Undoes V1: tweet-service's first schema. Everything it owns goes: only for an installation that
-- has nothing to keep. Run by scripts/migrate.sh as the schema's owner.
DROP TABLE outbox;
DROP TABLE author_stats;
DROP TABLE retweets;
DROP TABLE likes;
DROP TABLE tweets;
