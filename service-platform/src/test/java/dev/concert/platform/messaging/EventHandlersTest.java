package dev.concert.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.EventCodec;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.SeatHeld;
import dev.concert.events.Topics;
import dev.concert.events.WalletRefunded;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventHandlersTest {

    private final EventCodec codec = new EventCodec();
    private final List<Object> seen = new ArrayList<>();

    @Test
    void topics_and_handled_types_come_from_the_registrations() {
        EventHandlers handlers = EventHandlers.of("test")
                .on(ReservationConfirmationFailed.class, seen::add)
                .on(WalletRefunded.class, seen::add)
                .on(SeatHeld.class, seen::add)
                .build();

        assertThat(handlers.topics()).containsExactly(Topics.RESERVATION, Topics.WALLET);
        assertThat(handlers.handledTypes()).containsExactly(ReservationConfirmationFailed.class,
                WalletRefunded.class, SeatHeld.class);
    }

    @Test
    void registering_a_type_twice_is_refused() {
        assertThatThrownBy(() -> EventHandlers.of("test").on(SeatHeld.class, seen::add).on(SeatHeld.class, seen::add))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_record_is_dispatched_to_the_method_of_its_type_and_other_types_are_skipped() {
        EventHandlers handlers = EventHandlers.of("test").on(WalletRefunded.class, seen::add).build();
        InboundEvents inbound = InboundEvents.withoutInbox(codec);
        WalletRefunded refund = new WalletRefunded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 10, 10);
        ReservationConfirmationFailed failed = new ReservationConfirmationFailed(UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 10, ConfirmationFailure.HOLD_EXPIRED);

        assertThat(inbound.accept(record(refund), handlers)).isTrue();
        assertThat(inbound.accept(record(failed), handlers)).isFalse();

        assertThat(seen).containsExactly(refund);
    }

    private ConsumerRecord<String, String> record(dev.concert.events.DomainEvent event) {
        return new ConsumerRecord<>("t", 0, 0, event.key(), codec.toJson(codec.wrap(event)));
    }
}
