package dev.concert.platform.web;

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

/**
 * The client's name for one attempt of a request that must happen once (a charge, a payment): a retry with the same
 * key is the same request. Visible ASCII only, at most {@value #MAX_LENGTH} characters: an opaque token, typically a
 * UUID, stored in a VARCHAR(100).
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 100;
    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    public enum Problem implements ProblemCode {
        /** blank, too long or not printable ASCII */
        INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST),
        /** the key was already used for a different request */
        IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT);

        private final HttpStatus status;

        Problem(HttpStatus status) {
            this.status = status;
        }

        @Override
        public HttpStatus status() {
            return status;
        }
    }

    public static IdempotencyKey of(String raw) {
        if (raw == null || !SHAPE.matcher(raw).matches()) {
            throw new Refusal(Problem.INVALID_IDEMPOTENCY_KEY,
                    HEADER + " must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        return new IdempotencyKey(raw);
    }

    /** The refusal of a key already used for another request. */
    public static Refusal reused(String detail) {
        return new Refusal(Problem.IDEMPOTENCY_KEY_REUSED, detail);
    }
}
