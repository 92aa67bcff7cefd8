package dev.concert.concert.availability;

import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Keeps {@code availableSeats} in step with reservation-service: SeatHeld −1, SeatReleased +1 (a booking keeps the
 * seat taken, so ReservationConfirmed changes nothing here). Each event counts once (the inbox) and each reservation
 * at most once each way (seat_hold_projection); events of different reservations of one seat may arrive in any order.
 */
@Service
class SeatsLeft {

    private static final Logger log = LoggerFactory.getLogger(SeatsLeft.class);

    private final HoldProjectionStore availability;

    SeatsLeft(HoldProjectionStore availability) {
        this.availability = availability;
    }

    void onSeatHeld(SeatHeld e) {
        if (!availability.seatTaken(e.scheduleId(), e.reservationId())) {
            log.warn("SeatHeld for schedule {} changed no count (unknown schedule or a replayed hold)",
                    e.scheduleId());
        }
    }

    void onSeatReleased(SeatReleased e) {
        if (!availability.seatReturned(e.scheduleId(), e.reservationId())) {
            log.warn("SeatReleased for schedule {} changed no count (its hold was never counted)", e.scheduleId());
        }
    }
}
