package dev.concert.concert.catalog;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import dev.concert.events.DomainEvent;
import dev.concert.events.SaleWindow;
import dev.concert.platform.messaging.Outbox;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's changes of concerts and dates (docs/saga.md, steps S): the row is locked, the aggregate decides, and
 * the change and its event commit together through the outbox. A change that finds things as asked already writes
 * and announces nothing. Empty: no such concert or date.
 */
@Service
public class CatalogChanges {

    private final ConcertStore concerts;
    private final ScheduleStore schedules;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    CatalogChanges(ConcertStore concerts, ScheduleStore schedules, Outbox outbox, TransactionTemplate tx,
                   Clock clock) {
        this.concerts = concerts;
        this.schedules = schedules;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    public Optional<Concert> renameConcert(UUID concertId, String title, String venue) {
        return Optional.ofNullable(tx.execute(status -> concerts.lockById(concertId).map(concert -> {
            concert.rename(title, venue).ifPresent(outbox::append);
            return concert;
        }).orElse(null)));
    }

    /** @throws ScheduleChangeRefused see {@link Schedule#reschedule} */
    public Optional<Schedule> reschedule(UUID scheduleId, SaleWindow window) {
        return change(scheduleId, (schedule, c) -> schedule.reschedule(window, c.instant()));
    }

    public Optional<Schedule> closeSale(UUID scheduleId) {
        return change(scheduleId, (schedule, c) -> schedule.closeSale());
    }

    public Optional<Schedule> reopenSale(UUID scheduleId) {
        return change(scheduleId, (schedule, c) -> schedule.reopenSale());
    }

    public Optional<Schedule> cancel(UUID scheduleId) {
        return change(scheduleId, (schedule, c) -> schedule.cancel(c.instant()));
    }

    private Optional<Schedule> change(UUID scheduleId,
                                      BiFunction<Schedule, Clock, Optional<? extends DomainEvent>> transition) {
        return Optional.ofNullable(tx.execute(status -> schedules.lockById(scheduleId).map(schedule -> {
            transition.apply(schedule, clock).ifPresent(outbox::append);
            // flushed here, so that a start another date of the concert has is refused inside this call
            schedules.flush();
            return schedule;
        }).orElse(null)));
    }
}
