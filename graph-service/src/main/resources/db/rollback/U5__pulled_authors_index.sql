-- Undoes V5: an index only; no data changes.
DROP INDEX users_pulled_idx;
