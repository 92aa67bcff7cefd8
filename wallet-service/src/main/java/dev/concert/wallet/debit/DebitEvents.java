package dev.concert.wallet.debit;

import java.util.List;

import dev.concert.events.PaymentRequested;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class DebitEvents extends EventConsumer {

    static final String LISTENER_ID = "wallet-debit";

    DebitEvents(InboundEvents inbound, Debiting debiting) {
        super(inbound, EventHandlers.of(Participant.WALLET.serviceName())
                .on(PaymentRequested.class, debiting::debit)
                .build());
    }

    @KafkaListener(id = LISTENER_ID, topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}",
            batch = "true", concurrency = "${wallet.debit.consumers}")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
