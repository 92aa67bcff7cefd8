package dev.concert.events.saga;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import dev.concert.events.BookingCancelled;
import dev.concert.events.ConcertChanged;
import dev.concert.events.DomainEvent;
import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletDebited;
import dev.concert.events.WalletRefunded;
import dev.concert.events.saga.SagaStep.Trigger;

import static dev.concert.events.saga.Participant.CONCERT;
import static dev.concert.events.saga.Participant.PAYMENT;
import static dev.concert.events.saga.Participant.QUEUE;
import static dev.concert.events.saga.Participant.RESERVATION;
import static dev.concert.events.saga.Participant.WALLET;

/**
 * The reservation saga as data: the one definition of who reacts to which event and what each announces. Every
 * service's registered handlers and published events are checked against it by tests, and docs/saga.md shows
 * {@link #markdownTable()}.
 */
public final class ReservationSaga {

    public static final List<SagaStep> STEPS = List.of(
            step("0", command("admin API / demo data"), CONCERT,
                    "schedule and its seat catalog created", List.of(ScheduleOpened.class), null, null),
            step("1", event(ScheduleOpened.class), RESERVATION,
                    "one AVAILABLE seat per catalog seat (a replay creates nothing)", List.of(), null, null),
            step("1", event(ScheduleOpened.class), QUEUE,
                    "the sale's waiting room, opening at saleOpensAt (a room that exists stays as it is)", List.of(),
                    null, null),
            step("2", command("POST /reservations"), RESERVATION,
                    "seat AVAILABLE → HELD and reservation HELD, in one transaction", List.of(SeatHeld.class), null,
                    "E: the expiry job releases an unpaid hold; R: its owner may release it"),
            step("3", event(SeatHeld.class), CONCERT, "seats left − 1 (once per reservation)", List.of(), null,
                    null),
            step("3", event(SeatHeld.class), PAYMENT, "reservation view: HELD with owner, price, expiresAt",
                    List.of(), null, null),
            step("4", command("POST /payments"), PAYMENT,
                    "payment PENDING (one live payment per reservation)", List.of(PaymentRequested.class), null,
                    null),
            step("5", event(PaymentRequested.class), WALLET,
                    "balance − amount if it covers it, ledger DEBIT once per payment (refused PAYMENT_EXPIRED once K voided it)", List.of(WalletDebited.class),
                    WalletDebitFailed.class, "8: refund on ReservationConfirmationFailed"),
            step("6", event(WalletDebitFailed.class), PAYMENT, "payment PENDING → FAILED; the hold stays",
                    List.of(), null, null),
            step("6", event(WalletDebited.class), RESERVATION,
                    "reservation HELD → CONFIRMED and seat HELD → BOOKED, if the hold is live",
                    List.of(ReservationConfirmed.class), ReservationConfirmationFailed.class, null),
            step("7", event(ReservationConfirmed.class), PAYMENT, "payment PENDING → COMPLETED", List.of(), null,
                    null),
            step("7", event(ReservationConfirmed.class), QUEUE,
                    "the user's queue token ends if no hold of theirs is left to pay (openHolds 0), else it is marked"
                            + " as having booked", List.of(), null, null),
            step("8", event(ReservationConfirmationFailed.class), WALLET,
                    "balance + debited amount, ledger REFUND once per payment", List.of(WalletRefunded.class), null,
                    null),
            step("8", event(ReservationConfirmationFailed.class), PAYMENT,
                    "payment PENDING → FAILED (refund on its way)", List.of(), null, null),
            step("9", event(WalletRefunded.class), PAYMENT,
                    "payment PENDING or FAILED → REFUNDED; COMPLETED → REFUNDED after a cancelled booking (C)",
                    List.of(), null, null),
            step("E", command("hold expiry job"), RESERVATION,
                    "reservation HELD → EXPIRED and seat HELD → AVAILABLE, past every deadline",
                    List.of(SeatReleased.class), null, null),
            step("E", event(SeatReleased.class), CONCERT, "seats left + 1 (only if its hold was counted)", List.of(),
                    null, null),
            step("E", event(SeatReleased.class), PAYMENT, "reservation view → RELEASED (new payments refused)",
                    List.of(), null, null),
            step("E", event(SeatReleased.class), QUEUE,
                    "a queue token that has booked ends once no hold of its user is left (openHolds 0, newest"
                            + " openHoldsVersion)", List.of(), null, null),
            step("R", command("DELETE /reservations/{id} of a HELD hold, by its owner"), RESERVATION,
                    "reservation HELD → CANCELLED and seat HELD → AVAILABLE, in one transaction",
                    List.of(SeatReleased.class), null, null),
            step("C", command("DELETE /reservations/{id} of a booking, by its owner"), RESERVATION,
                    "reservation CONFIRMED → CANCELLED and seat BOOKED → AVAILABLE, before the schedule starts",
                    List.of(BookingCancelled.class, SeatReleased.class), null, null),
            step("C", event(BookingCancelled.class), WALLET,
                    "balance + debited amount, ledger REFUND once per payment", List.of(WalletRefunded.class), null,
                    null),
            step("K", command("reconciliation job: a payment unfinished past its deadline (2 min)"), PAYMENT,
                    "asks the wallet (K), then reservation-service (K): PENDING → FAILED only if never debited, "
                            + "else COMPLETED, or FAILED until REFUNDED", List.of(), null, null),
            step("K", command("POST /internal/payments/{id}/settlement"), WALLET,
                    "answers DEBITED, REFUNDED or VOIDED; an undecided payment is voided (ledger VOID, no money moves)",
                    List.of(), null, null),
            step("K", command("POST /internal/reservations/{id}/confirmation"), RESERVATION,
                    "step 6 for a debit the reconciliation reports, same code and events", List.of(), null, null),
            step("S", command("PUT /admin/v1/concerts/{id}"), CONCERT, "the concert's title and venue",
                    List.of(ConcertChanged.class), null, null),
            step("S", command("PUT /admin/v1/schedules/{id}"), CONCERT,
                    "the date's start and sale window (its opening only while the sale has not opened)",
                    List.of(ScheduleChanged.class), null, null),
            step("S", command("POST /admin/v1/schedules/{id}/close"), CONCERT, "schedule SCHEDULED → SALE_CLOSED",
                    List.of(ScheduleSaleClosed.class), null, "POST /admin/v1/schedules/{id}/reopen"),
            step("S", command("POST /admin/v1/schedules/{id}/reopen"), CONCERT, "schedule SALE_CLOSED → SCHEDULED",
                    List.of(ScheduleSaleReopened.class), null, null),
            step("S", command("POST /admin/v1/schedules/{id}/cancel"), CONCERT,
                    "schedule SCHEDULED or SALE_CLOSED → CANCELLED, before the show starts; for good",
                    List.of(ScheduleCancelled.class), null, null),
            step("S", event(ScheduleChanged.class), RESERVATION,
                    "the schedule's start and sale window replaced (holds and cancellations go by them)", List.of(),
                    null, null),
            step("S", event(ScheduleChanged.class), QUEUE,
                    "the room's opening follows saleOpensAt while the room has not opened", List.of(), null, null),
            step("S", event(ScheduleSaleClosed.class), RESERVATION,
                    "schedule → SALE_CLOSED: holds refused (SALE_CLOSED)", List.of(), null, null),
            step("S", event(ScheduleSaleClosed.class), QUEUE, "the room's admission paused", List.of(), null, null),
            step("S", event(ScheduleSaleReopened.class), RESERVATION, "schedule SALE_CLOSED → ON_SALE", List.of(),
                    null, null),
            step("S", event(ScheduleSaleReopened.class), QUEUE, "the room's admission resumed", List.of(), null,
                    null),
            step("S", event(ScheduleCancelled.class), RESERVATION,
                    "schedule → CANCELLED (holds refused); every HELD hold and every booking → CANCELLED and its seat"
                            + " AVAILABLE, as in R and C with reason SCHEDULE_CANCELLED: a booking is refunded (C)",
                    List.of(BookingCancelled.class, SeatReleased.class), null, null),
            step("S", event(ScheduleCancelled.class), QUEUE, "the room's admission paused for good", List.of(),
                    null, null));

    /**
     * Announced for readers of the catalog outside the saga: no participant keeps what they say (a concert's title
     * and venue), so they are the only events without a consumer here.
     */
    public static final Set<Class<? extends DomainEvent>> WITHOUT_CONSUMER = Set.of(ConcertChanged.class);

    private ReservationSaga() {
    }

    /** The event types a participant must handle: exactly the triggers of its steps. */
    public static Set<Class<? extends DomainEvent>> handledBy(Participant participant) {
        Set<Class<? extends DomainEvent>> handled = new LinkedHashSet<>();
        for (SagaStep step : STEPS) {
            if (step.participant() == participant) {
                step.consumedEvent().ifPresent(handled::add);
            }
        }
        return handled;
    }

    /** The event types a participant announces, on success or failure of its steps. */
    public static Set<Class<? extends DomainEvent>> publishedBy(Participant participant) {
        Set<Class<? extends DomainEvent>> published = new LinkedHashSet<>();
        for (SagaStep step : STEPS) {
            if (step.participant() == participant) {
                published.addAll(step.announces());
            }
        }
        return published;
    }

    /** The step a participant runs on an event, if it takes part there. */
    public static Optional<SagaStep> stepOf(Participant participant, Class<? extends DomainEvent> event) {
        return STEPS.stream().filter(s -> s.participant() == participant)
                .filter(s -> s.consumedEvent().filter(event::equals).isPresent()).findFirst();
    }

    /** The table as docs/saga.md shows it. */
    public static String markdownTable() {
        List<String> lines = new ArrayList<>();
        lines.add("| # | triggered by | service | conditional state change | event out | failure event out | undone by |");
        lines.add("|---|---|---|---|---|---|---|");
        for (SagaStep s : STEPS) {
            String trigger = switch (s.trigger()) {
                case Trigger.OnEvent(Class<? extends DomainEvent> type) -> "`" + type.getSimpleName() + "`";
                case Trigger.OnCommand(String description) -> description;
            };
            StringJoiner out = new StringJoiner(", ");
            s.emits().forEach(e -> out.add("`" + e.getSimpleName() + "`"));
            lines.add("| " + s.number() + " | " + trigger + " | " + s.participant().serviceName() + " | "
                    + s.change() + " | " + orDash(out.toString()) + " | "
                    + s.failure().map(f -> "`" + f.getSimpleName() + "`").orElse("—") + " | "
                    + s.compensation().orElse("—") + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "—" : text;
    }

    private static Trigger event(Class<? extends DomainEvent> type) {
        return new Trigger.OnEvent(type);
    }

    private static Trigger command(String description) {
        return new Trigger.OnCommand(description);
    }

    private static SagaStep step(String number, Trigger trigger, Participant participant, String change,
                                 List<Class<? extends DomainEvent>> emits, Class<? extends DomainEvent> failure,
                                 String compensation) {
        return new SagaStep(number, trigger, participant, change, emits, Optional.ofNullable(failure),
                Optional.ofNullable(compensation));
    }
}
