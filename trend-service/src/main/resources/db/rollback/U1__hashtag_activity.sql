-- Undoes V1: trend-service's first schema (its activity record and processed events). Trends are
-- rebuilt from tweet events after a re-migrate only if they are replayed.
DROP TABLE processed_events;
DROP TABLE hashtag_activity;
