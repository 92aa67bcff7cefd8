package dev.concert.wallet.charge;

import java.util.regex.Pattern;

import dev.concert.wallet.charge.ChargeRefused.Reason;

/** The client's name for one charge attempt: a retry with the same key is the same charge. */
public record IdempotencyKey(String value) {

    public static final int MAX_LENGTH = 100;
    // visible ASCII only: a key is an opaque token (typically a UUID), stored in a VARCHAR(100)
    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    public static IdempotencyKey of(String raw) {
        if (raw == null || !SHAPE.matcher(raw).matches()) {
            throw new ChargeRefused(Reason.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        return new IdempotencyKey(raw);
    }
}
