-- What payment-service knows about reservations, from reservation-service's events (SeatHeld, SeatReleased,
-- ReservationConfirmed) or, if it has not seen them yet, from one synchronous call. Never written by users.
CREATE TABLE reservation_view (
    reservation_id CHAR(36)     NOT NULL PRIMARY KEY,
    user_id        CHAR(36)     NOT NULL,
    schedule_id    CHAR(36)     NULL,
    seat_id        CHAR(36)     NULL,
    seat_number    INT          NULL,
    -- NULL when the first thing heard of the reservation was its release (SeatReleased carries no price)
    price          BIGINT       NULL,
    status         VARCHAR(20)  NOT NULL,
    expires_at     TIMESTAMP(6) NULL,
    updated_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);

CREATE TABLE payment (
    payment_id          CHAR(36)     NOT NULL PRIMARY KEY,
    reservation_id      CHAR(36)     NOT NULL,
    user_id             CHAR(36)     NOT NULL,
    amount              BIGINT       NOT NULL,
    status              VARCHAR(20)  NOT NULL,
    failure_reason      VARCHAR(50)  NULL,
    idempotency_key     VARCHAR(100) NOT NULL,
    -- = reservation_id while the payment is PENDING or COMPLETED, NULL otherwise: the unique index allows one live
    -- payment per reservation (NULLs do not collide), so a second concurrent payment fails in the database itself
    live_reservation_id CHAR(36)     NULL,
    created_at          TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    finished_at         TIMESTAMP(6) NULL,
    CONSTRAINT uq_payment_live_reservation UNIQUE (live_reservation_id),
    -- a retried POST (same user, same Idempotency-Key) is the same payment
    CONSTRAINT uq_payment_user_key UNIQUE (user_id, idempotency_key),
    CONSTRAINT ck_payment_amount_positive CHECK (amount > 0),
    INDEX ix_payment_reservation (reservation_id),
    INDEX ix_payment_user (user_id)
);
