-- author_stats counted each author's tweets, but nothing read it: a user's tweet count is
-- graph-service's (graph.users.tweet_count, kept from the tweet events). Posting and deleting
-- no longer write it.
DROP TABLE author_stats;
