package dev.concert.events.saga;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventType;
import dev.concert.events.Topics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationSagaTest {

    private static final Map<Participant, String> OWN_TOPIC = Map.of(Participant.CONCERT, Topics.CONCERT,
            Participant.RESERVATION, Topics.RESERVATION, Participant.PAYMENT, Topics.PAYMENT,
            Participant.WALLET, Topics.WALLET);

    @Test
    void every_event_type_is_announced_by_exactly_one_participant_on_its_own_topic() {
        for (EventType type : EventType.values()) {
            Set<Participant> announcers = new HashSet<>();
            for (Participant p : Participant.values()) {
                if (ReservationSaga.publishedBy(p).contains(type.recordClass())) {
                    announcers.add(p);
                }
            }
            assertThat(announcers).as(type.wireName()).hasSize(1);
            assertThat(OWN_TOPIC.get(announcers.iterator().next())).as(type.wireName()).isEqualTo(type.topic());
        }
    }

    @Test
    void every_announced_event_has_a_consumer_and_every_consumed_event_an_announcer() {
        Set<Class<? extends DomainEvent>> consumed = new HashSet<>();
        Set<Class<? extends DomainEvent>> announced = new HashSet<>();
        for (Participant p : Participant.values()) {
            consumed.addAll(ReservationSaga.handledBy(p));
            announced.addAll(ReservationSaga.publishedBy(p));
        }
        assertThat(consumed).doesNotContainAnyElementsOf(ReservationSaga.WITHOUT_CONSUMER);
        consumed.addAll(ReservationSaga.WITHOUT_CONSUMER);
        assertThat(consumed).isEqualTo(announced);
    }

    @Test
    void a_participant_reacts_to_an_event_in_one_step_only() {
        for (SagaStep step : ReservationSaga.STEPS) {
            step.consumedEvent().ifPresent(event -> assertThat(ReservationSaga.STEPS.stream()
                    .filter(s -> s.participant() == step.participant())
                    .filter(s -> s.consumedEvent().filter(event::equals).isPresent()).count())
                    .as(step.participant() + " on " + event.getSimpleName()).isEqualTo(1));
        }
    }

    @Test
    void the_debit_is_compensated_and_the_hold_is_released_if_never_paid() {
        assertThat(ReservationSaga.stepOf(Participant.WALLET, dev.concert.events.PaymentRequested.class))
                .get().extracting(s -> s.compensation().orElse("")).asString().contains("refund");
        assertThat(ReservationSaga.handledBy(Participant.WALLET))
                .contains(dev.concert.events.ReservationConfirmationFailed.class);
    }

    @Test
    void a_booking_cancelled_by_its_owner_is_refunded_once_and_the_payment_follows_the_refund() {
        assertThat(ReservationSaga.publishedBy(Participant.RESERVATION))
                .contains(dev.concert.events.BookingCancelled.class, dev.concert.events.SeatReleased.class);
        assertThat(ReservationSaga.stepOf(Participant.WALLET, dev.concert.events.BookingCancelled.class)).get()
                .satisfies(s -> assertThat(s.emits()).containsExactly(dev.concert.events.WalletRefunded.class));
        assertThat(ReservationSaga.handledBy(Participant.PAYMENT)).contains(dev.concert.events.WalletRefunded.class);
    }

    @Test
    void the_queue_hears_every_sale_for_its_room_and_every_end_of_a_hold_so_a_token_ends_after_the_last_one() {
        assertThat(ReservationSaga.handledBy(Participant.QUEUE)).containsExactlyInAnyOrder(
                dev.concert.events.ScheduleOpened.class, dev.concert.events.ReservationConfirmed.class,
                dev.concert.events.SeatReleased.class, dev.concert.events.ScheduleChanged.class,
                dev.concert.events.ScheduleSaleClosed.class, dev.concert.events.ScheduleSaleReopened.class,
                dev.concert.events.ScheduleCancelled.class);
    }

    @Test
    void a_cancelled_date_ends_its_holds_and_refunds_its_bookings_through_the_owners_cancel_path() {
        assertThat(ReservationSaga.stepOf(Participant.RESERVATION, dev.concert.events.ScheduleCancelled.class)).get()
                .satisfies(s -> assertThat(s.emits()).containsExactlyInAnyOrder(
                        dev.concert.events.BookingCancelled.class, dev.concert.events.SeatReleased.class));
        assertThat(ReservationSaga.stepOf(Participant.WALLET, dev.concert.events.BookingCancelled.class)).get()
                .satisfies(s -> assertThat(s.emits()).containsExactly(dev.concert.events.WalletRefunded.class));
    }

    @Test
    void docs_saga_md_shows_the_table_of_the_code() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "saga.md"));
        assertThat(doc).as("docs/saga.md must contain ReservationSaga.markdownTable() verbatim; paste this:%n%s",
                ReservationSaga.markdownTable()).contains(ReservationSaga.markdownTable());
    }
}
