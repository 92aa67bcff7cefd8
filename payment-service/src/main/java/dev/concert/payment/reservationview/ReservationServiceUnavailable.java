package dev.concert.payment.reservationview;

/** reservation-service could not be asked: down, slow, failing, or its circuit is open. */
public class ReservationServiceUnavailable extends RuntimeException {

    public ReservationServiceUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
