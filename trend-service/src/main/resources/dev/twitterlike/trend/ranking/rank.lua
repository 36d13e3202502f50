-- The top of one scope's window, in one atomic call: the decayed score is one ZUNIONSTORE of
-- the last 60 one-minute buckets with WEIGHTS decay^age (never a keyspace scan); for the top
-- tags it adds the raw tweet count, the distinct authors (PFCOUNT over the window's
-- HyperLogLogs) and the unweighted activity of this hour and the hour before (velocity).
-- Key names follow TrendKeys: every one carries the hash tag {trends} (one slot of a Valkey
-- Cluster), and KEYS[1] ({trends}:locations) routes the call to the node that holds them.
-- ARGV: scope ('' or '<location>:'), now (minute), window (minutes), limit, decay
-- Returns flat: tag, score, tweetCount, uniqueAuthors, thisHour, previousHour, ...
assert(KEYS[1] == '{trends}:locations', 'call it with {trends}:locations as its key: it routes the call to the slot of every key here')
local scope, now, window, limit, decay = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local tmp = '{trends}:tmp:' .. scope
local function union(dest, prefix, offset, weighted)
  local args = {dest, window}
  for age = 0, window - 1 do
    args[#args + 1] = prefix .. string.format('%d', now - offset - age)
  end
  if weighted then
    args[#args + 1] = 'WEIGHTS'
    for age = 0, window - 1 do
      args[#args + 1] = string.format('%.17g', decay ^ age)
    end
  end
  redis.call('ZUNIONSTORE', unpack(args))
end
local scores = tmp .. 'score'
union(scores, '{trends}:bucket:' .. scope, 0, true)
local top = redis.call('ZREVRANGE', scores, 0, limit - 1, 'WITHSCORES')
local result = {}
if #top > 0 then
  local counts, current, previous = tmp .. 'count', tmp .. 'current', tmp .. 'previous'
  union(counts, '{trends}:count:' .. scope, 0, false)
  union(current, '{trends}:bucket:' .. scope, 0, false)
  union(previous, '{trends}:bucket:' .. scope, window, false)
  for i = 1, #top, 2 do
    local tag = top[i]
    local hlls = {}
    for age = 0, window - 1 do
      hlls[#hlls + 1] = '{trends}:authors:' .. scope .. string.format('%d', now - age) .. ':' .. tag
    end
    result[#result + 1] = tag
    result[#result + 1] = top[i + 1]
    result[#result + 1] = redis.call('ZSCORE', counts, tag) or '0'
    result[#result + 1] = tostring(redis.call('PFCOUNT', unpack(hlls)))
    result[#result + 1] = redis.call('ZSCORE', current, tag) or '0'
    result[#result + 1] = redis.call('ZSCORE', previous, tag) or '0'
  end
  redis.call('DEL', counts, current, previous)
end
redis.call('DEL', scores)
return result
