package dev.concert.payment.request;

import dev.concert.platform.web.ProblemCode;
import dev.concert.platform.web.Refusal;

import org.springframework.http.HttpStatus;

/** A payment that may not start; nothing was written. */
public class PaymentRefused extends Refusal {

    public enum Reason implements ProblemCode {
        RESERVATION_NOT_FOUND(HttpStatus.NOT_FOUND),
        NOT_YOUR_RESERVATION(HttpStatus.FORBIDDEN),
        /** released (expired, cancelled) or never held */
        RESERVATION_NOT_HELD(HttpStatus.CONFLICT),
        HOLD_EXPIRED(HttpStatus.CONFLICT),
        PAYMENT_IN_PROGRESS(HttpStatus.CONFLICT),
        ALREADY_PAID(HttpStatus.CONFLICT),
        /** the circuit stays open for seconds: tell clients not to hammer it */
        RESERVATION_SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE) {
            @Override
            public int retryAfterSeconds() {
                return 5;
            }
        };

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }

        @Override
        public HttpStatus status() {
            return status;
        }
    }

    public PaymentRefused(Reason reason, String message) {
        super(reason, message);
    }

    public Reason reason() {
        return (Reason) code();
    }
}
