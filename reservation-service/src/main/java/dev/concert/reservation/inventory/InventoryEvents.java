package dev.concert.reservation.inventory;

import dev.concert.events.ScheduleOpened;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class InventoryEvents extends EventConsumer {

    InventoryEvents(InboundEvents inbound, ScheduleInventory inventory) {
        super(inbound, EventHandlers.of(Participant.RESERVATION.serviceName())
                .on(ScheduleOpened.class, inventory::open)
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        consume(record);
    }
}
