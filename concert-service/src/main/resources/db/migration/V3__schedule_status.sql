-- What an operator made of a date (docs/saga.md, steps S): SCHEDULED (its sale window rules), SALE_CLOSED (off sale
-- whatever the window says, until reopened) or CANCELLED (for good). Every existing date is SCHEDULED.
ALTER TABLE concert_schedule ADD COLUMN status VARCHAR(12) NOT NULL DEFAULT 'SCHEDULED';
