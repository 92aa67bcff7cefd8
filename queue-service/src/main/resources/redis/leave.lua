-- The owner leaves: WAITING/ACTIVE -> EXPIRED (LEFT). ARGV: prefix, tokenId, userId, now (ms), retention (ms)
-- Reply: 1 if it left now, 0 if it was already gone or is someone else's token
local owner = redis.call('HGET', token_key(ARGV[2]), 'user')
if owner ~= ARGV[3] then return 0 end
return expire(ARGV[2], 'LEFT', ARGV[4], tonumber(ARGV[5]))
