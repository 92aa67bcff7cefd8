-- What an operator made of a date, as concert-service announces it (ScheduleSaleClosed / ScheduleSaleReopened /
-- ScheduleCancelled): ON_SALE (its sale window rules), SALE_CLOSED, CANCELLED (for good). Holds need ON_SALE.
ALTER TABLE schedule ADD COLUMN sale_status VARCHAR(12) NOT NULL DEFAULT 'ON_SALE';

-- A cancelled date ends every hold and booking of it: found by schedule, not by scanning every reservation.
CREATE INDEX ix_reservation_schedule ON reservation (schedule_id, status);
