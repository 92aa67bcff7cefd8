-- ACTIVE tokens idle since before now - idle timeout -> EXPIRED: NOT_CLAIMED when no request ever claimed the place
-- (its activity score is still the head start admit.lua gave it, before its admission time), else IDLE. Safe when
-- every instance runs it at once.
-- ARGV: prefix, now (ms), idle timeout (ms), limit, retention (ms). Reply: {expired IDLE, expired NOT_CLAIMED}
local now = tonumber(ARGV[2])
local cutoff = string.format('%d', now - tonumber(ARGV[3]))
local found = redis.call('ZRANGEBYSCORE', P .. 'active', '-inf', cutoff, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[4]))
local idle, unclaimed = 0, 0
for i = 1, #found, 2 do
  local id, score = found[i], tonumber(found[i + 1])
  local activated = tonumber(redis.call('HGET', token_key(id), 'activated') or '')
  if activated and score < activated then
    unclaimed = unclaimed + expire(id, 'NOT_CLAIMED', ARGV[2], tonumber(ARGV[5]))
  else
    idle = idle + expire(id, 'IDLE', ARGV[2], tonumber(ARGV[5]))
  end
end
return {tostring(idle), tostring(unclaimed)}
