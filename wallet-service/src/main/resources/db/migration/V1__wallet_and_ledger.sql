-- One row per user who was ever charged; a user without a row has balance 0.
CREATE TABLE wallet (
    user_id    CHAR(36)     NOT NULL PRIMARY KEY,
    balance    BIGINT       NOT NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- the conditional updates already keep it there; the constraint is the last line of defence
    CONSTRAINT ck_wallet_balance_not_negative CHECK (balance >= 0)
);

-- Every movement of money: CHARGE, DEBIT, REFUND. Amounts are positive; the kind gives the direction.
CREATE TABLE wallet_ledger (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    entry_id        CHAR(36)     NOT NULL,
    user_id         CHAR(36)     NOT NULL,
    kind            VARCHAR(10)  NOT NULL,
    amount          BIGINT       NOT NULL,
    balance_after   BIGINT       NOT NULL,
    payment_id      CHAR(36)     NULL,
    reservation_id  CHAR(36)     NULL,
    idempotency_key VARCHAR(100) NULL,
    created_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_wallet_ledger_entry UNIQUE (entry_id),
    -- a payment is debited at most once and refunded at most once (NULLs, i.e. charges, do not collide)
    CONSTRAINT uq_wallet_ledger_payment_kind UNIQUE (payment_id, kind),
    -- a retried charge (same user, same Idempotency-Key) is applied once
    CONSTRAINT uq_wallet_ledger_charge_key UNIQUE (user_id, idempotency_key),
    CONSTRAINT ck_wallet_ledger_amount_positive CHECK (amount > 0),
    INDEX ix_wallet_ledger_user_newest (user_id, id)
);
