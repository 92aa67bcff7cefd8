-- One of the user's holds ended: booked (ReservationConfirmed) or released (SeatReleased: expired or cancelled). The
-- visit ends once the user has booked and no hold of theirs is left to pay: their live token -> EXPIRED (BOOKED) when
-- it has booked (this event or an earlier one) and the newest count of the user's open holds is 0. The count's
-- version decides which is newest: the events of different reservations come from different partitions, in any
-- order. Otherwise the token keeps what it learnt (booked, open_holds at holds_version) and stays. A token issued after
-- the event is a new visit and is left alone; a duplicate or older event adds nothing.
-- ARGV: prefix, userId, occurredAt (ms), now (ms), retention (ms), booked (1/0), openHolds, version
-- Reply: 1 if this call expired a token
local id = redis.call('GET', user_key(ARGV[2]))
if not id then return 0 end
local key = token_key(id)
local t = redis.call('HMGET', key, 'state', 'issued', 'booked', 'holds_version', 'open_holds')
if not can_become(t[1], 'EXPIRED') then return 0 end
if tonumber(t[2] or '0') > tonumber(ARGV[3]) then return 0 end
local booked = t[3] == '1' or ARGV[6] == '1'
local open, version = tonumber(ARGV[7]), tonumber(ARGV[8])
if t[4] and tonumber(t[4]) >= version then
  open, version = tonumber(t[5]), tonumber(t[4])
end
if booked and open <= 0 then
  return expire(id, 'BOOKED', ARGV[4], tonumber(ARGV[5]))
end
redis.call('HSET', key, 'booked', booked and '1' or '0', 'holds_version', version, 'open_holds', open)
return 0
