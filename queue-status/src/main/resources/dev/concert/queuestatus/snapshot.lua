-- The queue's key layout and the snapshot function; prepended to queue-service's scripts and to status.lua.
-- ARGV[1] is the key prefix (see queue-service's QueueScripts for the whole layout).
local P = ARGV[1]
local function token_key(id) return P .. 'token:' .. id end

-- One token and what a status answer needs:
-- {state, user, order, issued, expires, reason, rank, lastActivity, admittedInWindow, activeCount, opens} or
-- {'UNKNOWN'}; opens (the room's opening, ms) only for PRE_QUEUE
local function snapshot(id)
  local h = redis.call('HMGET', token_key(id), 'state', 'user', 'order', 'issued', 'expires', 'reason')
  if not h[1] then return {'UNKNOWN'} end
  local rank, last, opens = '', '', ''
  if h[1] == 'PRE_QUEUE' then
    opens = redis.call('HGET', P .. 'room', 'opens') or ''
  elseif h[1] == 'WAITING' then
    local r = redis.call('ZRANK', P .. 'waiting', id)
    if r then rank = tostring(r) end
  elseif h[1] == 'ACTIVE' then
    last = redis.call('ZSCORE', P .. 'active', id) or ''
  end
  local recent = redis.call('HGET', P .. 'admission', 'recent') or '0'
  return {h[1], h[2], h[3], h[4], h[5], h[6] or '', rank, last, recent,
          tostring(redis.call('ZCARD', P .. 'active')), opens}
end
