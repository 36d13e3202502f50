-- Takes a deleted tweet's hashtags out of the buckets it was counted in, and marks the tweet
-- deleted so that a late or replayed count of it is ignored. Idempotent: a tweet that is not
-- (or no longer) counted changes nothing.
-- Every key carries the hash tag {trends} (one slot); KEYS[1] ({trends}:locations) routes the call.
-- ARGV: tweetId, authorId, minute, tombstone TTL (seconds), location ('' = none), tag...
assert(KEYS[1] == '{trends}:locations', 'call it with {trends}:locations as its key: it routes the call to the slot of every key here')
local id, author, minute, ttl, loc = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
redis.call('SET', '{trends}:deleted:' .. id, '1', 'EX', ttl)
local scopes = {''}
if loc ~= '' then
  scopes[2] = loc .. ':'
end
local function decrement(key, tag)
  local left = tonumber(redis.call('ZINCRBY', key, -1, tag))
  if left <= 0 then
    redis.call('ZREM', key, tag)
  end
end
local removed = 0
for i = 6, #ARGV do
  local tag = ARGV[i]
  local seen = '{trends}:seen:' .. minute .. ':' .. tag .. ':' .. author
  if redis.call('SREM', seen, id) == 1 then
    local lastByAuthor = redis.call('SCARD', seen) == 0
    for _, scope in ipairs(scopes) do
      decrement('{trends}:count:' .. scope .. minute, tag)
      if lastByAuthor then
        decrement('{trends}:bucket:' .. scope .. minute, tag)
      end
    end
    removed = removed + 1
  end
end
return removed
