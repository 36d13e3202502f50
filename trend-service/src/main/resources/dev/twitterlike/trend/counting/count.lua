-- Counts one tweet's hashtags into its minute's buckets, atomically and idempotently.
-- Key names follow TrendKeys; they are built here from the scope, as rank.lua does. Every one
-- carries the hash tag {trends}, so all are in one slot of a Valkey Cluster: KEYS[1]
-- ({trends}:locations) routes the call to the node that holds them (docs/cluster.md).
-- ARGV: tweetId, authorId, minute, expireAt (unix seconds), location ('' = none), tag...
-- Returns how many tags were counted now (0 when the tweet was counted before or is deleted).
assert(KEYS[1] == '{trends}:locations', 'call it with {trends}:locations as its key: it routes the call to the slot of every key here')
local id, author, minute, expireAt, loc = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('EXISTS', '{trends}:deleted:' .. id) == 1 then
  return 0
end
local scopes = {''}
if loc ~= '' then
  scopes[2] = loc .. ':'
end
local counted = 0
for i = 6, #ARGV do
  local tag = ARGV[i]
  -- the author's tweets counted in this bucket: a tweet counts once, an author once per tag per minute
  local seen = '{trends}:seen:' .. minute .. ':' .. tag .. ':' .. author
  if redis.call('SADD', seen, id) == 1 then
    redis.call('EXPIREAT', seen, expireAt)
    local firstByAuthor = redis.call('SCARD', seen) == 1
    for _, scope in ipairs(scopes) do
      local count = '{trends}:count:' .. scope .. minute
      local authors = '{trends}:authors:' .. scope .. minute .. ':' .. tag
      redis.call('ZINCRBY', count, 1, tag)
      redis.call('EXPIREAT', count, expireAt)
      redis.call('PFADD', authors, author)
      redis.call('EXPIREAT', authors, expireAt)
      if firstByAuthor then
        local bucket = '{trends}:bucket:' .. scope .. minute
        redis.call('ZINCRBY', bucket, 1, tag)
        redis.call('EXPIREAT', bucket, expireAt)
      end
    end
    counted = counted + 1
  end
end
if loc ~= '' and counted > 0 then
  local last = redis.call('ZSCORE', KEYS[1], loc)
  if not last or tonumber(last) < tonumber(minute) then
    redis.call('ZADD', KEYS[1], minute, loc)
  end
end
return counted
