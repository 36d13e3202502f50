-- Undoes V2.
DROP INDEX processed_events_processed_at;
DROP TABLE deleted_tweets;
