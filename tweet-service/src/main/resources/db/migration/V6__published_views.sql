-- What tweet-service publishes for other services to read: these views, and nothing else of
-- this schema (the per-service roles are granted SELECT on exactly them, by
-- db/read-grants/afterMigrate__read_grants.sql). A deleted tweet is in none of them.
-- docs/data-ownership.md lists who reads which.

-- tweets as the API shows them (tweet-views hydrates pages from it)
CREATE VIEW visible_tweets AS
SELECT id, author_id, content, created_at, hashtags, mentions, media_urls, reply_to,
       like_count, retweet_count, reply_count
  FROM tweets
 WHERE deleted_at IS NULL;

-- who liked and who retweeted what (the viewer's flags)
CREATE VIEW like_edges AS
SELECT user_id, tweet_id, created_at
  FROM likes;

CREATE VIEW retweet_edges AS
SELECT id, user_id, tweet_id, created_at
  FROM retweets;

-- An account's activity as home-timeline entries: each visible tweet it wrote (sort id = the
-- tweet id) and each retweet it made of a visible tweet (sort id = the retweet's own id).
-- The one definition of "what an account shows in its followers' timelines": the pull path,
-- rebuilds and fanout backfills all read it. Both branches are served by an index on
-- (account, id DESC), so "newest n of an account" reads n rows of each.
CREATE VIEW activity AS
SELECT t.id AS sort_id, t.author_id AS source_id, t.id AS tweet_id
  FROM tweets t
 WHERE t.deleted_at IS NULL
UNION ALL
SELECT r.id, r.user_id, r.tweet_id
  FROM retweets r
  JOIN tweets t ON t.id = r.tweet_id
 WHERE t.deleted_at IS NULL;
