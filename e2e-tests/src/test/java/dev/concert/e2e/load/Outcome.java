package dev.concert.e2e.load;

/** How a fan's journey ended, as the fan saw it. */
enum Outcome {
    BOOKED("payment COMPLETED"),
    PAYMENT_FAILED("payment FAILED"),
    REFUNDED("payment REFUNDED"),
    LATE_PAYMENT_REFUSED("payment refused, hold expired"),
    PAYMENT_UNSETTLED("payment still PENDING when the fan stopped following it"),
    NO_SEAT("no seat left to hold, left the queue"),
    CUT_OFF("still in the queue at the end of the users phase"),
    GAVE_UP("gave up after repeated errors");

    final String meaning;

    Outcome(String meaning) {
        this.meaning = meaning;
    }
}
