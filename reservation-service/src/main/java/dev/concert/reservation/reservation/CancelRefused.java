package dev.concert.reservation.reservation;

import dev.concert.platform.web.ProblemCode;
import dev.concert.platform.web.Refusal;

import org.springframework.http.HttpStatus;

/** Why a reservation was not cancelled. Nothing was written when this is thrown. */
public class CancelRefused extends Refusal {

    public enum Reason implements ProblemCode {
        /** no such reservation, or another user's: the same answer, so ids cannot be probed */
        RESERVATION_NOT_FOUND(HttpStatus.NOT_FOUND),
        /** the hold ran out unpaid and its seat went back on sale already */
        RESERVATION_EXPIRED(HttpStatus.CONFLICT),
        /** a booking can be cancelled only before its show starts */
        CONCERT_STARTED(HttpStatus.CONFLICT);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }

        @Override
        public HttpStatus status() {
            return status;
        }
    }

    public CancelRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    public Reason reason() {
        return (Reason) code();
    }
}
