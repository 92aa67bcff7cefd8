-- A payment is decided once: debited (DEBIT) or closed by payment-service's reconciliation before any debit (VOID),
-- never both. Both kinds share one slot of the unique key, so of a debit and a void racing for the same payment the
-- database lets exactly one in. Refunds keep their own slot (one per payment).
ALTER TABLE wallet_ledger
    ADD COLUMN payment_slot VARCHAR(10)
        AS (CASE WHEN kind IN ('DEBIT', 'VOID') THEN 'DECISION' ELSE kind END) STORED;
ALTER TABLE wallet_ledger
    DROP INDEX uq_wallet_ledger_payment_kind,
    ADD CONSTRAINT uq_wallet_ledger_payment_slot UNIQUE (payment_id, payment_slot);
