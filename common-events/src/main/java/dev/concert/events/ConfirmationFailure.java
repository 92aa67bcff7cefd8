package dev.concert.events;

/** Why reservation-service could not confirm a debited reservation; wallet-service refunds whatever the reason. */
public enum ConfirmationFailure {
    /** the hold's deadline and any payment grace had passed */
    HOLD_EXPIRED,
    /** another payment booked the reservation first */
    ALREADY_CONFIRMED,
    RESERVATION_NOT_FOUND,
    /** the debited user is not the one who holds the reservation */
    NOT_RESERVATION_OWNER,
    /** its owner cancelled the hold while the payment was under way */
    RESERVATION_CANCELLED
}
