-- Concerts, schedules and seat catalogs. Valid on MySQL 8.4 and MariaDB 10.11. Ids are UUID strings; timestamps are
-- written from the application's clock as UTC whole seconds (the JDBC URL pins connectionTimeZone=UTC).
CREATE TABLE concert (
    id         CHAR(36)     NOT NULL PRIMARY KEY,
    title      VARCHAR(200) NOT NULL,
    venue      VARCHAR(200) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL
);

-- available_seats is a projection of reservation-service's SeatHeld / SeatReleased events, kept within
-- [0, total_seats]; the seat inventory itself is owned by reservation-service.
CREATE TABLE concert_schedule (
    id              CHAR(36)     NOT NULL PRIMARY KEY,
    concert_id      CHAR(36)     NOT NULL,
    starts_at       TIMESTAMP(6) NOT NULL,
    sale_opens_at   TIMESTAMP(6) NOT NULL,
    sale_closes_at  TIMESTAMP(6) NOT NULL,
    total_seats     INT          NOT NULL,
    available_seats INT          NOT NULL,
    created_at      TIMESTAMP(6) NOT NULL,
    CONSTRAINT fk_schedule_concert FOREIGN KEY (concert_id) REFERENCES concert (id),
    CONSTRAINT uq_schedule_start UNIQUE (concert_id, starts_at)
);

CREATE TABLE catalog_seat (
    id          CHAR(36)    NOT NULL PRIMARY KEY,
    schedule_id CHAR(36)    NOT NULL,
    seat_number INT         NOT NULL,
    grade       VARCHAR(20) NOT NULL,
    price       BIGINT      NOT NULL,
    CONSTRAINT fk_seat_schedule FOREIGN KEY (schedule_id) REFERENCES concert_schedule (id),
    CONSTRAINT uq_catalog_seat_number UNIQUE (schedule_id, seat_number)
);
