-- KEYS[1]: the token's key. ARGV: prefix, token id. Reply: {published rules or '', snapshot...}
local reply = snapshot(ARGV[2])
table.insert(reply, 1, redis.call('GET', P .. 'status-rules') or '')
return reply
