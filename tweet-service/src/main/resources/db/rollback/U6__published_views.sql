-- Undoes V6: the published views go (roll the services that read them back first).
DROP VIEW IF EXISTS activity;
DROP VIEW IF EXISTS retweet_edges;
DROP VIEW IF EXISTS like_edges;
DROP VIEW IF EXISTS visible_tweets;
