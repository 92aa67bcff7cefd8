package dev.concert.concert.catalog;

import java.util.EnumSet;
import java.util.Set;

import dev.concert.platform.domain.Lifecycle;

/** What an operator made of a date; the sale window decides when a SCHEDULED date is on sale. */
public enum ScheduleStatus implements Lifecycle<ScheduleStatus> {
    /** On sale while its sale window is open. */
    SCHEDULED,
    /** Off sale whatever the window says, until an operator reopens it; holds and bookings taken stay. */
    SALE_CLOSED,
    /** Cancelled for good: every hold and booking of it ends (reservation-service, on ScheduleCancelled). */
    CANCELLED;

    @Override
    public Set<ScheduleStatus> next() {
        return switch (this) {
            case SCHEDULED -> EnumSet.of(SALE_CLOSED, CANCELLED);
            case SALE_CLOSED -> EnumSet.of(SCHEDULED, CANCELLED);
            case CANCELLED -> EnumSet.noneOf(ScheduleStatus.class);
        };
    }
}
