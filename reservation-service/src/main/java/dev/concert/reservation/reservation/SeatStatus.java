package dev.concert.reservation.reservation;

import java.util.EnumSet;
import java.util.Set;

import dev.concert.platform.domain.Lifecycle;

/**
 * The three states of a seat (spec: 예약 가능 / 임시 예약 / 예약 확정) and the only moves between them: a held seat
 * goes back on sale or is booked; a booked seat never changes hands (docs/design.md §6.1): it goes back on sale only
 * when its owner cancels the booking, and only from AVAILABLE can another hold take it. Taking a seat is one
 * conditional update built from {@code HELD.allowedFrom()}.
 */
public enum SeatStatus implements Lifecycle<SeatStatus> {
    AVAILABLE,
    HELD,
    BOOKED;

    @Override
    public Set<SeatStatus> next() {
        return switch (this) {
            case AVAILABLE -> EnumSet.of(HELD);
            case HELD -> EnumSet.of(AVAILABLE, BOOKED);
            case BOOKED -> EnumSet.of(AVAILABLE);
        };
    }
}
