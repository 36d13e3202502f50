-- Undoes V3. Stored Idempotency-Key results go: a client retrying a post after this may post twice.
DROP TABLE idempotency_keys;
