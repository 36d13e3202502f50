-- Writes what is known of one tweet into its hash (TweetCache): its body unless the hash has one
-- (bodies never change), its counts only when they are newer than the cached ones (the counts
-- version tweet-service moves with every count change), nothing at all once the tweet is
-- deleted (the tombstone wins over every fill that read PostgreSQL before the delete).
-- KEYS[1] tweet:{id}; ARGV[1] the body JSON or '' (counts only); ARGV[2] counts version;
-- ARGV[3..5] likes, retweets, replies; ARGV[6] TTL in seconds.
local key = KEYS[1]
if redis.call('HEXISTS', key, 'deleted') == 1 then return 0 end
if ARGV[1] ~= '' then redis.call('HSETNX', key, 'body', ARGV[1]) end
local cached = redis.call('HGET', key, 'v')
if not cached or tonumber(cached) < tonumber(ARGV[2]) then
  redis.call('HSET', key, 'v', ARGV[2], 'likes', ARGV[3], 'retweets', ARGV[4], 'replies', ARGV[5])
end
redis.call('EXPIRE', key, ARGV[6])
return 1
