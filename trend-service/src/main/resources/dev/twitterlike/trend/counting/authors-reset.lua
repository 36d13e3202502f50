-- Replaces HyperLogLogs of authors (which cannot forget one) with the authors PostgreSQL
-- still has, after a deletion.
-- KEYS: the HLL keys. ARGV: expireAt, then per key: n, followed by its n author ids.
local expireAt = ARGV[1]
local at = 2
for _, key in ipairs(KEYS) do
  local n = tonumber(ARGV[at])
  redis.call('DEL', key)
  if n > 0 then
    redis.call('PFADD', key, unpack(ARGV, at + 1, at + n))
    redis.call('EXPIREAT', key, expireAt)
  end
  at = at + n + 1
end
return #KEYS
