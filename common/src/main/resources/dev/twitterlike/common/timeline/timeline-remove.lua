-- Removes entries from a timeline list. KEYS[1] the list; ARGV[1] "source" (entries that came
-- from this user: an unfollow) or "tweet" (entries of this tweet, or retweets of it: a delete);
-- ARGV[2] the id. Returns how many were removed.
local key, mode, id = KEYS[1], ARGV[1], ARGV[2]
local removed = 0
for _, e in ipairs(redis.call('LRANGE', key, 0, -1)) do
  local sort, source, tweet = string.match(e, '^(%d+):(%d+):?(%d*)$')
  if tweet == nil or tweet == '' then tweet = sort end
  if (mode == 'source' and source == id) or (mode == 'tweet' and (tweet == id or sort == id)) then
    removed = removed + redis.call('LREM', key, 0, e)
  end
end
return removed
