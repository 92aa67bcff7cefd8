package dev.concert.concert.catalog;

import dev.concert.platform.web.ProblemCode;
import dev.concert.platform.web.Refusal;

import org.springframework.http.HttpStatus;

/** Why an operator's change of a date was refused. Nothing was written when this is thrown. */
public class ScheduleChangeRefused extends Refusal {

    public enum Reason implements ProblemCode {
        /** a start that is not ahead, or a sale window that does not fit before it */
        INVALID_SCHEDULE(HttpStatus.BAD_REQUEST),
        /** the date is cancelled for good: nothing about it changes any more */
        SCHEDULE_CANCELLED(HttpStatus.CONFLICT),
        /** the sale has opened (its waiting room has drawn its order): its opening cannot move */
        SALE_ALREADY_OPEN(HttpStatus.CONFLICT),
        /** the show has started: cancelling it now would refund a show that took place */
        SCHEDULE_STARTED(HttpStatus.CONFLICT);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }

        @Override
        public HttpStatus status() {
            return status;
        }
    }

    public ScheduleChangeRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    public Reason reason() {
        return (Reason) code();
    }
}
