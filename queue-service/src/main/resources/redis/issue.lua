-- Issue a token in a room, or return the user's live one there: check and create in one script, so concurrent
-- requests of one user end with exactly one token per room. Before the room's opening a new token goes to the
-- pre-queue with the random draw it was given (ARGV[6], drawn by the caller, never shown), and the draw decides its
-- place at the opening; from the opening on, to the back of the waiting queue (after the opening step, run here
-- first if it is due, so that nobody who joins after the opening gets ahead of the pre-queue).
-- ARGV: prefix, userId, new token id, now (ms), expires (ms; a pre-queue token's counts from the opening), draw
-- Reply: {'EXISTING'|'CREATED', tokenId, the room's published status rules or '', snapshot...}, {'NO_ROOM'} or
-- {'ROOM_CLOSED'} (its sale closed or cancelled: no new tokens)
local user, new_id, now, expires = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local opening = open_room(now)
if opening == -1 and redis.call('EXISTS', P .. 'room') == 0 then return {'NO_ROOM'} end
local current = redis.call('GET', user_key(user))
if current then
  local s = snapshot(current)
  if LIVE[s[1]] then
    table.insert(s, 1, redis.call('GET', P .. 'status-rules') or '')
    table.insert(s, 1, current)
    table.insert(s, 1, 'EXISTING')
    return s
  end
end
-- a sale closed or cancelled by the organiser takes no newcomers; a fan with a live token keeps it (above)
if redis.call('HGET', P .. 'room', 'closed') then return {'ROOM_CLOSED'} end
local key = token_key(new_id)
if opening == -1 then
  -- the lifetime counts from the opening: a fan who joins hours early keeps the token through the wait after it
  expires = string.format('%d', tonumber(redis.call('HGET', P .. 'room', 'opens')) + (tonumber(expires) - tonumber(now)))
  redis.call('HSET', key, 'state', 'PRE_QUEUE', 'user', user, 'order', 0, 'issued', now, 'expires', expires)
  redis.call('ZADD', P .. 'prequeue', ARGV[6], new_id)
else
  local order = redis.call('INCR', P .. 'seq')
  redis.call('HSET', key, 'state', 'WAITING', 'user', user, 'order', order, 'issued', now, 'expires', expires)
  redis.call('ZADD', P .. 'waiting', order, new_id)
end
redis.call('PEXPIREAT', key, expires)
redis.call('SET', user_key(user), new_id, 'PXAT', expires)
local s = snapshot(new_id)
table.insert(s, 1, redis.call('GET', P .. 'status-rules') or '')
table.insert(s, 1, new_id)
table.insert(s, 1, 'CREATED')
return s
