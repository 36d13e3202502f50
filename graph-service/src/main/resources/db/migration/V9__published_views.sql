-- What graph-service publishes for other services to read: these views, and nothing else of
-- this schema (the per-service roles are granted SELECT on exactly them, by
-- db/read-grants/afterMigrate__read_grants.sql). A column of a table can be renamed or moved
-- freely as long as the views keep their shape; changing a view's shape is changing a public
-- contract (docs/data-ownership.md).

-- a user as others show or route by them: no credentials, no counts
CREATE VIEW user_summaries AS
SELECT id, username, display_name, avatar_url, location_key, is_celebrity, demoted_at
  FROM users;

-- who follows whom
CREATE VIEW follow_edges AS
SELECT follower_id, following_id, created_at
  FROM follows;
