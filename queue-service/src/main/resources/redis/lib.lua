-- Shared by every queue script (prepended). ARGV[1] is the key prefix; see QueueScripts for the key layout.
local P = ARGV[1]
local function token_key(id) return P .. 'token:' .. id end
local function user_key(user) return P .. 'user:' .. user end

-- One token and what a status answer needs:
-- {state, user, order, issued, expires, reason, rank, lastActivity, admittedInWindow, activeCount} or {'UNKNOWN'}
local function snapshot(id)
  local h = redis.call('HMGET', token_key(id), 'state', 'user', 'order', 'issued', 'expires', 'reason')
  if not h[1] then return {'UNKNOWN'} end
  local rank, last = '', ''
  if h[1] == 'WAITING' then
    local r = redis.call('ZRANK', P .. 'waiting', id)
    if r then rank = tostring(r) end
  elseif h[1] == 'ACTIVE' then
    last = redis.call('ZSCORE', P .. 'active', id) or ''
  end
  local recent = redis.call('HGET', P .. 'admission', 'recent') or '0'
  return {h[1], h[2], h[3], h[4], h[5], h[6] or '', rank, last, recent,
          tostring(redis.call('ZCARD', P .. 'active'))}
end

-- WAITING/ACTIVE -> EXPIRED: out of both sets, the user's pointer released (so a new visit gets a new token), the
-- record kept for a short while so that status can still say EXPIRED and why. Returns 1 if this call expired it.
local function expire(id, reason, now, retention)
  local key = token_key(id)
  redis.call('ZREM', P .. 'waiting', id)
  redis.call('ZREM', P .. 'active', id)
  local h = redis.call('HMGET', key, 'state', 'user')
  if not h[1] or h[1] == 'EXPIRED' then return 0 end
  redis.call('HSET', key, 'state', 'EXPIRED', 'reason', reason, 'ended', now)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 or ttl > retention then redis.call('PEXPIRE', key, retention) end
  if redis.call('GET', user_key(h[2])) == id then redis.call('DEL', user_key(h[2])) end
  return 1
end
