-- The reconciliation looks for payments the saga left unfinished (PENDING, or FAILED after a debit) by age.
CREATE INDEX ix_payment_status_created ON payment (status, created_at);
