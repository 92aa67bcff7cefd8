package dev.concert.reservation.reservation;

import java.util.EnumSet;
import java.util.Set;

import dev.concert.platform.domain.Lifecycle;

/** A date's sale as concert-service's operators left it; the sale window decides when an ON_SALE date takes holds. */
public enum SaleStatus implements Lifecycle<SaleStatus> {
    /** holds are taken while its sale window is open */
    ON_SALE,
    /** closed by an operator: no new holds until it is reopened; holds and bookings taken stay */
    SALE_CLOSED,
    /** cancelled for good: no holds, and every hold and booking of it was cancelled */
    CANCELLED;

    @Override
    public Set<SaleStatus> next() {
        return switch (this) {
            case ON_SALE -> EnumSet.of(SALE_CLOSED, CANCELLED);
            case SALE_CLOSED -> EnumSet.of(ON_SALE, CANCELLED);
            case CANCELLED -> EnumSet.noneOf(SaleStatus.class);
        };
    }
}
