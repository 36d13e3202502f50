-- Undoes V1: graph-service's first schema. Everything it owns goes (users, follows, the outbox):
-- only for an installation that has nothing to keep. Run by scripts/migrate.sh as the schema's owner.
DROP TABLE outbox;
DROP TABLE follows;
DROP TABLE users;
