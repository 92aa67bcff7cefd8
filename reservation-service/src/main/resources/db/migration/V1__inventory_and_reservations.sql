-- Seat inventory and reservations. Valid on MySQL 8.4 and MariaDB 10.11. Ids are UUID strings; every timestamp is
-- written from the application's clock as UTC whole seconds (the JDBC URL pins connectionTimeZone=UTC), never from
-- the server clock.

-- A schedule as learned from ScheduleOpened: only what holds need (the sale window).
CREATE TABLE schedule (
    id             CHAR(36)     NOT NULL PRIMARY KEY,
    concert_id     CHAR(36)     NOT NULL,
    starts_at      TIMESTAMP(6) NOT NULL,
    sale_opens_at  TIMESTAMP(6) NOT NULL,
    sale_closes_at TIMESTAMP(6) NOT NULL,
    opened_at      TIMESTAMP(6) NOT NULL
);

-- One row per seat. status and reservation_id change only through conditional UPDATEs
-- (AVAILABLE -> HELD -> BOOKED, HELD -> AVAILABLE); reservation_id names the hold that owns a HELD or BOOKED seat.
CREATE TABLE seat (
    id             CHAR(36)     NOT NULL PRIMARY KEY,
    schedule_id    CHAR(36)     NOT NULL,
    seat_number    INT          NOT NULL,
    grade          VARCHAR(20)  NOT NULL,
    price          BIGINT       NOT NULL,
    status         VARCHAR(10)  NOT NULL,
    reservation_id CHAR(36)     NULL,
    CONSTRAINT uq_seat_number UNIQUE (schedule_id, seat_number)
);

CREATE TABLE reservation (
    id                    CHAR(36)     NOT NULL PRIMARY KEY,
    user_id               CHAR(36)     NOT NULL,
    schedule_id           CHAR(36)     NOT NULL,
    seat_id               CHAR(36)     NOT NULL,
    seat_number           INT          NOT NULL,
    price                 BIGINT       NOT NULL,
    status                VARCHAR(10)  NOT NULL,
    created_at            TIMESTAMP(6) NOT NULL,
    expires_at            TIMESTAMP(6) NOT NULL,
    -- set by PaymentRequested: the expiry job leaves the hold alone until then (docs/saga.md step 5)
    payment_pending_until TIMESTAMP(6) NULL,
    payment_id            CHAR(36)     NULL,
    confirmed_at          TIMESTAMP(6) NULL,
    released_at           TIMESTAMP(6) NULL,
    INDEX ix_reservation_user (user_id, status, created_at),
    INDEX ix_reservation_expiry (status, expires_at)
);

-- One row per user who ever held a seat; its row lock serialises that user's holds so the live-hold limit is
-- checked and enforced in the same short transaction (other users never wait on it).
CREATE TABLE hold_owner (
    user_id      CHAR(36)     NOT NULL PRIMARY KEY,
    last_hold_at TIMESTAMP(6) NOT NULL
);
