package dev.concert.wallet.charge;

import dev.concert.platform.web.ProblemCode;
import dev.concert.platform.web.Refusal;

import org.springframework.http.HttpStatus;

/** A charge that breaks a rule; nothing was written. */
public class ChargeRefused extends Refusal {

    public enum Reason implements ProblemCode {
        /** missing, zero or negative */
        INVALID_AMOUNT,
        /** above the configured per-charge limit */
        AMOUNT_ABOVE_LIMIT,
        /** the balance would exceed the configured maximum */
        BALANCE_LIMIT_EXCEEDED;

        @Override
        public HttpStatus status() {
            return HttpStatus.BAD_REQUEST;
        }
    }

    public ChargeRefused(Reason reason, String message) {
        super(reason, message);
    }

    public Reason reason() {
        return (Reason) code();
    }
}
