-- Undoes V5: the table comes back, filled with each author's count of tweets not deleted (as
-- the writes kept it). Nothing is lost; the code of V5's release does not write it, so roll the
-- code back with it (docs/operations.md).
CREATE TABLE author_stats (
    author_id   BIGINT PRIMARY KEY,
    tweet_count INTEGER NOT NULL DEFAULT 0 CHECK (tweet_count >= 0)
);
INSERT INTO author_stats (author_id, tweet_count)
SELECT author_id, count(*) FROM tweets WHERE deleted_at IS NULL GROUP BY author_id;
