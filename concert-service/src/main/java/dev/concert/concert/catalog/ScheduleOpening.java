package dev.concert.concert.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.concert.events.ScheduleOpened;
import dev.concert.platform.messaging.Outbox;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Step 0 of the saga: a schedule and its seat catalog are created and announced in one transaction. */
@Service
public class ScheduleOpening {

    private final CatalogRepository catalog;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ScheduleOpening(CatalogRepository catalog, Outbox outbox, TransactionTemplate tx, Clock clock) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    public CatalogRepository.Concert createConcert(UUID concertId, String title, String venue) {
        CatalogRepository.Concert concert = new CatalogRepository.Concert(concertId, title, venue);
        catalog.insertConcertIfAbsent(concert, clock.instant());
        return catalog.concert(concertId).orElseThrow();
    }

    /**
     * Creates the schedule with its seats and appends {@code ScheduleOpened}, or does nothing and returns empty when
     * the schedule id or the concert's start time exists already (a replayed demo load, a second instance).
     */
    public Optional<ScheduleOpened> open(UUID scheduleId, CatalogRepository.Concert concert, SaleWindow window,
                                         SeatCatalog seats) {
        return Optional.ofNullable(tx.execute(status -> {
            Instant now = clock.instant();
            if (!catalog.insertScheduleIfAbsent(scheduleId, concert.id(), window, seats.seats().size(), now)) {
                return null;
            }
            List<UUID> seatIds = new ArrayList<>();
            List<ScheduleOpened.CatalogSeat> announced = new ArrayList<>();
            for (SeatCatalog.Seat seat : seats.seats()) {
                UUID seatId = UUID.randomUUID();
                seatIds.add(seatId);
                announced.add(new ScheduleOpened.CatalogSeat(seatId, seat.seatNumber(), seat.grade(), seat.price()));
            }
            catalog.insertSeats(scheduleId, seatIds, seats);
            ScheduleOpened opened = new ScheduleOpened(scheduleId, concert.id(), concert.title(), window.startsAt(),
                    window.saleOpensAt(), window.saleClosesAt(), announced);
            outbox.append(opened);
            return opened;
        }));
    }
}
