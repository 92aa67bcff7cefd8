package dev.concert.payment.reservationview;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reservation from the view built from events; only when no event about it has arrived yet (the user paid right
 * after holding) from reservation-service itself, and what it answered is kept so it is asked only once.
 */
@Service
public class ReservationLookup {

    private final ReservationViews views;
    private final ReservationServiceClient reservationService;
    private final TransactionTemplate tx;

    public ReservationLookup(ReservationViews views, ReservationServiceClient reservationService,
                             TransactionTemplate tx) {
        this.views = views;
        this.reservationService = reservationService;
        this.tx = tx;
    }

    /** What the view holds of the reservation, without asking reservation-service (inside a transaction). */
    public Optional<ReservationView> seen(UUID reservationId) {
        return views.find(reservationId);
    }

    /**
     * Empty if reservation-service knows no such reservation.
     *
     * @throws ReservationServiceUnavailable if it had to be asked and could not answer
     */
    public Optional<ReservationView> find(UUID reservationId) {
        Optional<ReservationView> seen = views.find(reservationId);
        if (seen.isPresent()) {
            return seen;
        }
        Optional<ReservationView> fetched = reservationService.fetch(reservationId)
                .filter(s -> reservationId.equals(s.reservationId()) && s.userId() != null)
                .map(ReservationSnapshot::toView);
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        tx.executeWithoutResult(status -> views.remember(fetched.get()));
        // an event may have landed in between: what is stored now is the best knowledge
        return views.find(reservationId).or(() -> fetched);
    }
}
