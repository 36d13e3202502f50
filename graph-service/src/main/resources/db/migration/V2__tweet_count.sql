-- The User object shows how many tweets a user has. tweet-service owns tweets; graph keeps a
-- copy of the count, maintained from tweet.created / tweet.deleted events.
ALTER TABLE users ADD COLUMN tweet_count INTEGER NOT NULL DEFAULT 0 CHECK (tweet_count >= 0);
