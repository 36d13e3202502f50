-- Undoes V4. Without the record of processed events, an event redelivered later is counted again.
DROP TABLE processed_events;
