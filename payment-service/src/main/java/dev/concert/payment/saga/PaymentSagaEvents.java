package dev.concert.payment.saga;

import java.util.List;

import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.events.saga.Participant;
import dev.concert.payment.reservationview.ReservationViews;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * payment-service's side of the saga: the reservation view follows reservation-service's hold events, and each
 * payment follows the outcome events to COMPLETED, FAILED or REFUNDED. One listener for both topics: two listeners
 * of one group on the same topic would split its partitions.
 */
@Component
class PaymentSagaEvents extends EventConsumer {

    static final String LISTENER_ID = "payment-saga";

    PaymentSagaEvents(InboundEvents inbound, ReservationViews views, PaymentOutcomes outcomes) {
        super(inbound, EventHandlers.of(Participant.PAYMENT.serviceName())
                .on(SeatHeld.class, views::held)
                .on(SeatReleased.class, views::released)
                .on(ReservationConfirmed.class, outcomes::completed)
                .on(WalletDebitFailed.class, outcomes::debitFailed)
                .on(ReservationConfirmationFailed.class, outcomes::confirmationFailed)
                .on(WalletRefunded.class, outcomes::refunded)
                .build());
    }

    @KafkaListener(id = LISTENER_ID, topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
