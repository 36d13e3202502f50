-- Inserts one entry into a timeline list, keeping the list sorted newest first, without
-- duplicates, trimmed to a maximum length. Idempotent: a redelivered event changes nothing.
-- KEYS[1] the list; ARGV[1] the encoded entry ("<sortId>:<sourceId>[:<tweetId>]");
-- ARGV[2] max length; ARGV[3] "1" = only if the list exists (home timelines of active users),
-- "0" = create it (recent-tweets lists); ARGV[4] TTL in seconds applied when created here.
-- Only for active owners (the influencer tier): ARGV[5] the TTL in ms the list must still have
-- (reads renew it, so a list read within the active window has more), KEYS[2] the list's gap
-- flag, set instead of inserting when the owner is not active: their next read catches up
-- from PostgreSQL (docs/fanout.md, "Three tiers"). ARGV[5] "0": every cached list.
-- Returns 1 inserted, 0 not (not cached, or there already), 2 skipped: owner not active.
-- The fanout runs this once per follower, so the common case costs two calls: the head, then
-- LPUSH (LTRIM only when the list outgrew its maximum).
local key, entry, maxlen = KEYS[1], ARGV[1], tonumber(ARGV[2])
-- a list in Valkey is never empty: no head means no list (a timeline that is not cached)
local head = redis.call('LINDEX', key, 0)
if not head then
  if ARGV[3] == '1' then return 0 end
  redis.call('LPUSH', key, entry)
  if ARGV[4] ~= '0' then redis.call('EXPIRE', key, tonumber(ARGV[4])) end
  return 1
end
if ARGV[5] and ARGV[5] ~= '0' then
  local ttl = redis.call('PTTL', key)
  if ttl >= 0 and ttl < tonumber(ARGV[5]) then
    redis.call('SET', KEYS[2], '1', 'PX', math.max(ttl, 1))
    return 2
  end
end

-- ids are 64-bit: compare them as digit strings, not as Lua numbers (doubles)
local function sort_id(e) return string.match(e, '^(%d+)') end
local function newer(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end

local id = sort_id(entry)
if newer(id, sort_id(head)) then
  -- newer than the head of a sorted list: newer than every entry, so not already in it
  if redis.call('LPUSH', key, entry) > maxlen then redis.call('LTRIM', key, 0, maxlen - 1) end
  return 1
end
if redis.call('LPOS', key, entry) then return 0 end
-- arrived out of order (another partition was faster): put it where it belongs
local placed = false
for _, e in ipairs(redis.call('LRANGE', key, 0, -1)) do
  if newer(id, sort_id(e)) then
    redis.call('LINSERT', key, 'BEFORE', e, entry)
    placed = true
    break
  end
end
if not placed then redis.call('RPUSH', key, entry) end
redis.call('LTRIM', key, 0, maxlen - 1)
return 1
