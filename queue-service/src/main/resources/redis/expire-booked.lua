-- The user's reservation is confirmed: their live token -> EXPIRED (BOOKED). A token issued after the booking
-- happened is a new visit and stays; a duplicate event finds nothing to do.
-- ARGV: prefix, userId, bookedAt (ms), now (ms), retention (ms). Reply: 1 if this call expired a token
local id = redis.call('GET', user_key(ARGV[2]))
if not id then return 0 end
local issued = tonumber(redis.call('HGET', token_key(id), 'issued') or '0')
if issued > tonumber(ARGV[3]) then return 0 end
return expire(id, 'BOOKED', ARGV[4], tonumber(ARGV[5]))
