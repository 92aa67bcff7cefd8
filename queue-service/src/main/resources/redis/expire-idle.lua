-- ACTIVE tokens idle since before now - idle timeout -> EXPIRED (IDLE). Safe when every instance runs it at once.
-- ARGV: prefix, now (ms), idle timeout (ms), limit, retention (ms). Reply: how many this call expired
local now = tonumber(ARGV[2])
local cutoff = string.format('%d', now - tonumber(ARGV[3]))
local ids = redis.call('ZRANGEBYSCORE', P .. 'active', '-inf', cutoff, 'LIMIT', 0, tonumber(ARGV[4]))
local n = 0
for _, id in ipairs(ids) do n = n + expire(id, 'IDLE', ARGV[2], tonumber(ARGV[5])) end
return n
