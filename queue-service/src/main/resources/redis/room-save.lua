-- Creates or changes a room's settings in one step. A change of the opening time is refused once the room has
-- opened (the draw is done): a concurrent opening wins over an operator's late change.
-- ARGV: prefix, opens (ms), capacity, batch, interval (ms), paused (1/0), create only (1/0)
-- Reply: 1 saved, 0 refused (opened already, and the opening would move), 2 not saved (create only, room exists)
local key = P .. 'room'
local opened = redis.call('HGET', key, 'opened')
if ARGV[7] == '1' and redis.call('EXISTS', key) == 1 then return 2 end
if opened == '1' and redis.call('HGET', key, 'opens') ~= ARGV[2] then return 0 end
redis.call('HSET', key, 'opens', ARGV[2], 'capacity', ARGV[3], 'batch', ARGV[4], 'interval_ms', ARGV[5],
  'paused', ARGV[6])
if not opened then redis.call('HSET', key, 'opened', '0') end
return 1
