package dev.concert.reservation.confirmation;

import dev.concert.events.PaymentRequested;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class SagaEvents {

    private final InboundEvents inbound;
    private final Confirmation confirmation;

    SagaEvents(InboundEvents inbound, Confirmation confirmation) {
        this.inbound = inbound;
        this.confirmation = confirmation;
    }

    @KafkaListener(topics = {Topics.PAYMENT, Topics.WALLET}, groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        inbound.accept("reservation-service", record, event -> {
            switch (event) {
                case PaymentRequested e -> confirmation.onPaymentRequested(e);
                case WalletDebited e -> confirmation.onWalletDebited(e);
                default -> {
                }
            }
        });
    }
}
