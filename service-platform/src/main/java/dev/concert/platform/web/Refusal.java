package dev.concert.platform.web;

/**
 * A request refused by a rule: nothing was written. Answered by {@link ProblemResponses} as problem+json with the
 * code's status, so controllers need no mapping of their own.
 */
public class Refusal extends RuntimeException {

    private final ProblemCode code;

    public Refusal(ProblemCode code, String detail) {
        // an answer, not a fault: nobody reads its stack trace, so none is filled in (in a sale most hold attempts
        // end here)
        super(detail, null, false, false);
        this.code = code;
    }

    public ProblemCode code() {
        return code;
    }
}
