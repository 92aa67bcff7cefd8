-- Issue a token, or return the user's live one: check and create in one script, so concurrent requests of one
-- user end with exactly one token. ARGV: prefix, userId, new token id, now (ms), expires (ms)
-- Reply: {'EXISTING'|'CREATED', tokenId, snapshot...}
local user, new_id, now, expires = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local current = redis.call('GET', user_key(user))
if current then
  local s = snapshot(current)
  if LIVE[s[1]] then
    table.insert(s, 1, current)
    table.insert(s, 1, 'EXISTING')
    return s
  end
end
local order = redis.call('INCR', P .. 'seq')
local key = token_key(new_id)
redis.call('HSET', key, 'state', 'WAITING', 'user', user, 'order', order, 'issued', now, 'expires', expires)
redis.call('PEXPIREAT', key, expires)
redis.call('ZADD', P .. 'waiting', order, new_id)
redis.call('SET', user_key(user), new_id, 'PXAT', expires)
local s = snapshot(new_id)
table.insert(s, 1, new_id)
table.insert(s, 1, 'CREATED')
return s
