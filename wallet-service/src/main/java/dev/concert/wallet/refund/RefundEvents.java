package dev.concert.wallet.refund;

import java.util.List;

import dev.concert.events.BookingCancelled;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class RefundEvents extends EventConsumer {

    static final String LISTENER_ID = "wallet-refund";

    RefundEvents(InboundEvents inbound, Refunding refunding) {
        super(inbound, EventHandlers.of(Participant.WALLET.serviceName())
                .on(ReservationConfirmationFailed.class, refunding::refund)
                .on(BookingCancelled.class, refunding::refund)
                .build());
    }

    @KafkaListener(id = LISTENER_ID, topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
