-- The payment grace now starts at a hold's deadline (docs/saga.md, "Payment vs. expiry"): holds taken before this
-- version get it too, so a payment accepted in time for them is not refused during the upgrade. 60 s is the default
-- PAYMENT_GRACE; an earlier, longer protection is kept.
UPDATE reservation
SET payment_pending_until = GREATEST(COALESCE(payment_pending_until, expires_at), expires_at + INTERVAL 60 SECOND)
WHERE status = 'HELD';
