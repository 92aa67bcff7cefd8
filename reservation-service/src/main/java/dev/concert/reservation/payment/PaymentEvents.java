package dev.concert.reservation.payment;

import java.util.List;

import dev.concert.events.WalletDebited;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class PaymentEvents extends EventConsumer {

    static final String LISTENER_ID = "reservation-payment";

    PaymentEvents(InboundEvents inbound, PaidHolds paidHolds) {
        super(inbound, EventHandlers.of(Participant.RESERVATION.serviceName())
                .on(WalletDebited.class, paidHolds::walletDebited)
                .build());
    }

    @KafkaListener(id = LISTENER_ID, topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
