-- Undoes V7: the view loses counts_version, the column goes. Nothing is lost but the versions;
-- roll the code back with it (docs/operations.md), and flush the tweet:{id} hashes from Valkey
-- (their versions would be newer than the restarted column's) or let their TTL pass.
DROP VIEW visible_tweets;
CREATE VIEW visible_tweets AS
SELECT id, author_id, content, created_at, hashtags, mentions, media_urls, reply_to,
       like_count, retweet_count, reply_count
  FROM tweets
 WHERE deleted_at IS NULL;
ALTER TABLE tweets DROP COLUMN counts_version;
