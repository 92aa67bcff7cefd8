package dev.concert.reservation.inventory;

import dev.concert.events.ScheduleOpened;
import dev.concert.events.Topics;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class InventoryEvents {

    private final InboundEvents inbound;
    private final ScheduleInventory inventory;

    InventoryEvents(InboundEvents inbound, ScheduleInventory inventory) {
        this.inbound = inbound;
        this.inventory = inventory;
    }

    @KafkaListener(topics = {Topics.CONCERT}, groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        inbound.accept("reservation-service", record, event -> {
            switch (event) {
                case ScheduleOpened e -> inventory.open(e);
                default -> {
                }
            }
        });
    }
}
