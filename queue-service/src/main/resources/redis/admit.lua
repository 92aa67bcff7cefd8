-- Admission in one room: the room opens first if its opening is due (open_room); then the head of its waiting queue
-- becomes ACTIVE, never beyond the room's capacity, at most its batch per interval across every instance (a token
-- bucket kept here, so N instances running the job at once admit no faster). A paused room admits nobody.
-- An admitted token's activity score starts a head start before now, so that it falls idle at the end of the claim
-- window unless a request on an ACTIVE route claims it (the gateway's touch rewrites the score to that moment).
-- ARGV: prefix, now (ms), rate window (ms), unclaimed head start (ms)
-- Reply: {waitingCount, activeCount, preQueueCount, admitted token ids in queue order...}; {} when the room is gone
local room = redis.call('HMGET', P .. 'room', 'capacity', 'batch', 'interval_ms', 'paused')
if not room[1] then return {} end
open_room(ARGV[2])
local now = tonumber(ARGV[2])
local capacity, batch = tonumber(room[1]), tonumber(room[2])
local interval, window = tonumber(room[3]), tonumber(ARGV[3])
local unclaimed_score = string.format('%d', now - tonumber(ARGV[4]))
local bucket, log = P .. 'admission', P .. 'admitted'

local b = redis.call('HMGET', bucket, 'allowance', 'ts', 'recent')
local allowance = tonumber(b[1]) or batch
local ts = tonumber(b[2]) or now
local recent = tonumber(b[3]) or 0
if now > ts then -- an instance whose clock lags never moves the bucket back
  allowance = math.min(batch, allowance + (now - ts) * batch / interval)
  ts = now
end

local free = capacity - redis.call('ZCARD', P .. 'active')
local want = math.max(0, math.min(math.floor(allowance), free))
if room[4] == '1' then want = 0 end
local admitted = {}
local popped = 0
-- entries whose token record is gone (lifetime over) are dropped on the way; bounded so one run stays short
while #admitted < want and popped < want + 1000 do
  local head = redis.call('ZPOPMIN', P .. 'waiting')
  if #head == 0 then break end
  popped = popped + 1
  local id = head[1]
  if can_become(redis.call('HGET', token_key(id), 'state'), 'ACTIVE') then
    redis.call('HSET', token_key(id), 'state', 'ACTIVE', 'activated', ARGV[2])
    redis.call('ZADD', P .. 'active', unclaimed_score, id)
    admitted[#admitted + 1] = id
  end
end
allowance = allowance - #admitted

-- measured rate: a log of admissions over the window and its running sum, read by status in O(1)
if #admitted > 0 then
  local seq = redis.call('HINCRBY', bucket, 'seq', 1)
  redis.call('ZADD', log, now, ARGV[2] .. ':' .. #admitted .. ':' .. seq)
  recent = recent + #admitted
end
local horizon = '(' .. string.format('%d', now - window)
local old = redis.call('ZRANGEBYSCORE', log, '-inf', horizon)
if #old > 0 then
  for _, m in ipairs(old) do recent = recent - tonumber(string.match(m, '^%d+:(%d+):')) end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', horizon)
end
redis.call('HSET', bucket, 'allowance', allowance, 'ts', string.format('%d', ts), 'recent', math.max(0, recent))

local reply = {tostring(redis.call('ZCARD', P .. 'waiting')), tostring(redis.call('ZCARD', P .. 'active')),
               tostring(redis.call('ZCARD', P .. 'prequeue'))}
for _, id in ipairs(admitted) do reply[#reply + 1] = id end
return reply
