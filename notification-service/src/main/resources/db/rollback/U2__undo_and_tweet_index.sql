-- Undoes V2. Without the record of undone sources, a like undone before its event arrives can
-- notify after all.
DROP TABLE undone_sources;
DROP INDEX notifications_tweet;
