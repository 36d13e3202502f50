-- Completes a viewer's likes (or retweets) hash from PostgreSQL (TweetCache): each tweet id read
-- there is set to '1' unless the hash already holds it (tweet-service writes '1'/'0' after every
-- like and unlike, and a change that committed after PostgreSQL was read must win), then the
-- marker '*' says the hash is complete.
-- KEYS[1] liked:{userId} or retweeted:{userId}; ARGV[1] TTL in seconds; ARGV[2..] tweet ids.
local key = KEYS[1]
for i = 2, #ARGV do
  redis.call('HSETNX', key, ARGV[i], '1')
end
redis.call('HSET', key, '*', '1')
redis.call('EXPIRE', key, ARGV[1])
return 1
