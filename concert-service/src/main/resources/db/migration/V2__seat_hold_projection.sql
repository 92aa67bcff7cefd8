-- Which reservations currently take a seat, as far as this projection has heard. SeatHeld and SeatReleased of
-- different reservations of the same seat travel on different partitions and can arrive in either order, so the
-- count may dip below zero for a moment (reads clamp it); a release whose hold was never seen leaves a RELEASED
-- tombstone and changes no count.
CREATE TABLE seat_hold_projection (
    reservation_id CHAR(36)    NOT NULL PRIMARY KEY,
    schedule_id    CHAR(36)    NOT NULL,
    state          VARCHAR(10) NOT NULL
);
