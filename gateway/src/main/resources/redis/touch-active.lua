-- Is the token ACTIVE, and mark it used: one round trip per ACTIVE-route request that the gateway's 1 s memo of
-- tokens found ACTIVE (ActiveTokens) does not answer.
-- queue-service's key layout: KEYS[1] = <prefix>active, a ZSET of token id -> last activity (epoch ms).
-- ARGV: token id, now (ms), idle timeout (ms), refresh after (ms). Reply: 1 ACTIVE, 0 not ACTIVE.
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return 0 end
local now, last = tonumber(ARGV[2]), tonumber(score)
-- idle past the timeout: the expiry job will remove it; until then it must not be revived
if now - last >= tonumber(ARGV[3]) then return 0 end
-- rewrite only a stale score: most requests read, and GT never moves it back (gateways' clocks differ slightly)
if now - last >= tonumber(ARGV[4]) then redis.call('ZADD', KEYS[1], 'XX', 'GT', now, ARGV[1]) end
return 1
