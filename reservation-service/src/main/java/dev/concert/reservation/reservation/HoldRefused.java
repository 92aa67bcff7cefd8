package dev.concert.reservation.reservation;

import dev.concert.platform.web.ProblemCode;
import dev.concert.platform.web.Refusal;

import org.springframework.http.HttpStatus;

/** Why a hold was not taken. Nothing was written when this is thrown. */
public class HoldRefused extends Refusal {

    public enum Reason implements ProblemCode {
        SCHEDULE_NOT_FOUND(HttpStatus.NOT_FOUND),
        SEAT_NOT_FOUND(HttpStatus.NOT_FOUND),
        SEAT_NOT_IN_SCHEDULE(HttpStatus.BAD_REQUEST),
        SALE_CLOSED(HttpStatus.CONFLICT),
        SEAT_NOT_AVAILABLE(HttpStatus.CONFLICT),
        HOLD_LIMIT_REACHED(HttpStatus.CONFLICT);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }

        @Override
        public HttpStatus status() {
            return status;
        }
    }

    public HoldRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    public Reason reason() {
        return (Reason) code();
    }
}
