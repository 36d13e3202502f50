-- The fanout's middle tier (docs/fanout.md, "Three tiers"): an influencer's tweets are pushed
-- only to followers who read their timeline recently, and the others catch up when they come
-- back. Set from follower_count by every follow and unfollow, and at start-up when the threshold
-- changed (graph-service's twitter.graph.influencer-threshold). No hysteresis is needed: the
-- read side does not depend on this flag, so it may change as often as the count does.
ALTER TABLE users ADD COLUMN is_influencer BOOLEAN NOT NULL DEFAULT FALSE;

-- published to fanout-worker with the celebrity flag (a column added at the end: the view keeps
-- its shape for every reader)
CREATE OR REPLACE VIEW user_summaries AS
SELECT id, username, display_name, avatar_url, location_key, is_celebrity, demoted_at, is_influencer
  FROM users;
