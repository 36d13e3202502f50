-- Merges entries (a followee's recent tweets, after a follow) into a cached timeline, keeping
-- it sorted newest first, unique and trimmed; the TTL is kept. Only if the timeline exists.
-- KEYS[1] the list; ARGV[1] max length; ARGV[2..] entries.
local key, maxlen = KEYS[1], tonumber(ARGV[1])
if redis.call('EXISTS', key) == 0 then return 0 end
local function sort_id(e) return string.match(e, '^(%d+)') end
local function newer(a, b)
  local x, y = sort_id(a), sort_id(b)
  if #x ~= #y then return #x > #y end
  return x > y
end
local seen, all = {}, {}
for _, e in ipairs(redis.call('LRANGE', key, 0, -1)) do
  if not seen[e] then seen[e] = true; table.insert(all, e) end
end
local added = 0
for i = 2, #ARGV do
  if not seen[ARGV[i]] then seen[ARGV[i]] = true; table.insert(all, ARGV[i]); added = added + 1 end
end
if added == 0 then return 0 end
table.sort(all, newer)
local ttl = redis.call('PTTL', key)
redis.call('DEL', key)
local n = math.min(#all, maxlen)
for i = 1, n, 500 do
  redis.call('RPUSH', key, unpack(all, i, math.min(i + 499, n)))
end
if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
return added
