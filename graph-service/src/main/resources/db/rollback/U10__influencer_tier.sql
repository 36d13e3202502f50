-- Undoes V10: the influencer flag goes (the fanout pushes influencers to every follower again:
-- roll fanout-worker back first). Nothing else is lost.
DROP VIEW user_summaries;
CREATE VIEW user_summaries AS
SELECT id, username, display_name, avatar_url, location_key, is_celebrity, demoted_at
  FROM users;
ALTER TABLE users DROP COLUMN is_influencer;
