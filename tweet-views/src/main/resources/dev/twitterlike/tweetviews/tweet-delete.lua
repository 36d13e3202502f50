-- Replaces a tweet's hash with its tombstone (TweetCache): from now on readers skip the tweet
-- without asking PostgreSQL, and no fill can bring the body back (tweet-fill.lua).
-- KEYS[1] tweet:{id}; ARGV[1] TTL in seconds.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'deleted', '1')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
