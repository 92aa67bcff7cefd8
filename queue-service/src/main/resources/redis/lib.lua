-- Shared by every queue script (prepended, after queue-status's snapshot.lua, which defines P, token_key and
-- snapshot, and after the token states rendered from TokenState: can_become and LIVE). ARGV[1] is the key prefix;
-- see QueueScripts for the key layout.
local function user_key(user) return P .. 'user:' .. user end

-- A token that can become EXPIRED (PRE_QUEUE, WAITING, ACTIVE) -> EXPIRED: out of every set, the user's pointer released (so a
-- new visit gets a new token), the record kept for a short while so that status can still say EXPIRED and why.
-- Returns 1 if this call expired it.
local function expire(id, reason, now, retention)
  local key = token_key(id)
  redis.call('ZREM', P .. 'prequeue', id)
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

-- The room's opening, once: when it is due and has not happened, everyone in the pre-queue goes to the waiting
-- queue in the order of the random draw each got when joining (their score), ahead of anyone who joins later; one
-- step, so however many instances try at once (admission rounds, a join at the opening second) it happens once.
-- Returns how many were placed, or -1 when the room is not open yet (no opening due, or no such room).
local function open_room(now)
  local r = redis.call('HMGET', P .. 'room', 'opens', 'opened')
  if r[2] == '1' then return 0 end
  if not r[1] or tonumber(now) < tonumber(r[1]) then return -1 end
  local ids = redis.call('ZRANGE', P .. 'prequeue', 0, -1)
  local placed = 0
  for _, id in ipairs(ids) do
    if can_become(redis.call('HGET', token_key(id), 'state'), 'WAITING') then
      local order = redis.call('INCR', P .. 'seq')
      redis.call('HSET', token_key(id), 'state', 'WAITING', 'order', order)
      redis.call('ZADD', P .. 'waiting', order, id)
      placed = placed + 1
    end
  end
  redis.call('DEL', P .. 'prequeue')
  redis.call('HSET', P .. 'room', 'opened', '1', 'opened_at', now)
  return placed
end
