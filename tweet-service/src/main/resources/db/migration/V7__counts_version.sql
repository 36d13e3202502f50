-- A version for each tweet's counts, moved by every statement that moves one of them (likes,
-- retweets, replies), under the row lock that statement takes anyway. The read model's cache in
-- Valkey keeps the counts with the version they were read or written at and only ever replaces
-- them by newer ones (tweet-views' TweetCache), so a reader's fill from PostgreSQL and the
-- write after a like, racing, cannot leave an older count cached.
ALTER TABLE tweets ADD COLUMN counts_version bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE VIEW visible_tweets AS
SELECT id, author_id, content, created_at, hashtags, mentions, media_urls, reply_to,
       like_count, retweet_count, reply_count, counts_version
  FROM tweets
 WHERE deleted_at IS NULL;
