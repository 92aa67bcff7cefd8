package dev.concert.payment.request;

import java.util.regex.Pattern;

import dev.concert.payment.request.PaymentRefused.Reason;

/** The client's name for one payment attempt: a retry with the same key is the same payment. */
record IdempotencyKey(String value) {

    static final int MAX_LENGTH = 100;
    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    static IdempotencyKey of(String raw) {
        if (raw == null || !SHAPE.matcher(raw).matches()) {
            throw new PaymentRefused(Reason.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        return new IdempotencyKey(raw);
    }
}
