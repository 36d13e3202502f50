-- Undoes V8: the queue of cache repairs goes. Repairs still queued are lost with it: flush the
-- tweet:{id}, liked:{user} and retweeted:{user} hashes from Valkey if any were (the readers fill
-- them again from PostgreSQL).
DROP TABLE cache_repairs;
