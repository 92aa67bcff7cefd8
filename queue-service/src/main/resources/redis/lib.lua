-- Shared by every queue script (prepended, after queue-status's snapshot.lua, which defines P, token_key and
-- snapshot, and after the token states rendered from TokenState: can_become and LIVE). ARGV[1] is the key prefix;
-- see QueueScripts for the key layout.
local function user_key(user) return P .. 'user:' .. user end

-- A token that can become EXPIRED (WAITING, ACTIVE) -> EXPIRED: out of both sets, the user's pointer released (so a
-- new visit gets a new token), the record kept for a short while so that status can still say EXPIRED and why.
-- Returns 1 if this call expired it.
local function expire(id, reason, now, retention)
  local key = token_key(id)
  redis.call('ZREM', P .. 'waiting', id)
  redis.call('ZREM', P .. 'active', id)
  local h = redis.call('HMGET', key, 'state', 'user')
  if not can_become(h[1], 'EXPIRED') then return 0 end
  redis.call('HSET', key, 'state', 'EXPIRED', 'reason', reason, 'ended', now)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 or ttl > retention then redis.call('PEXPIRE', key, retention) end
  if redis.call('GET', user_key(h[2])) == id then redis.call('DEL', user_key(h[2])) end
  return 1
end
