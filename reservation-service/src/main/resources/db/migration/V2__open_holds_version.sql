-- The version of a user's open-hold count (issue 11): every ReservationConfirmed and SeatReleased states how many of
-- the user's reservations are still HELD after it, with the next version taken here under the owner row's lock. Those
-- events of different reservations travel on different partitions; queue-service keeps the count of the highest
-- version, so a token ends after the user's last hold, whatever order it hears them in.
ALTER TABLE hold_owner ADD COLUMN open_holds_version BIGINT NOT NULL DEFAULT 0;
