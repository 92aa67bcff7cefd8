package dev.concert.payment.reservationview;

/** A reservation as payment-service needs to know it. */
public enum HoldStatus {
    /** held for its owner until expiresAt: payable */
    HELD,
    /** booked for good */
    CONFIRMED,
    /** the hold ended without a booking (expired or cancelled) */
    RELEASED;

    /**
     * reservation-service's status names, as its internal API answers them. Anything that is neither held nor booked
     * cannot be paid, whatever reservation-service calls it.
     */
    public static HoldStatus fromReservationService(String status) {
        if (status == null) {
            return RELEASED;
        }
        return switch (status.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "HELD" -> HELD;
            case "CONFIRMED", "BOOKED" -> CONFIRMED;
            default -> RELEASED;
        };
    }
}
