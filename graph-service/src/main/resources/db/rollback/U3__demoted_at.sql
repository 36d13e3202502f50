-- Undoes V3 (V5's index on the column must be undone first: scripts/migrate.sh goes newest first).
ALTER TABLE users DROP COLUMN demoted_at;
