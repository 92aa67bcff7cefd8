package dev.concert.queue.expiry;

import dev.concert.events.ReservationConfirmed;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code ReservationConfirmed} ends the user's visit at once (saga step 7). Skipping other types, dead letters for
 * records that are not events and bounded retries (a Redis outage) are the platform's.
 * <p>
 * The booking time is the envelope's {@code occurredAt}, not the time of consumption: expire-booked.lua ends the
 * user's live token only if it was issued before the booking, and with the consumption time any late delivery (a
 * redelivery after a rebalance, a relay resend, a dead letter replayed, a new consumer group reading the topic from
 * the start) would end whatever visit the user has now.
 */
@Component
class ReservationEvents extends EventConsumer {

    ReservationEvents(InboundEvents inbound, Expiry expiry) {
        super(inbound, EventHandlers.of(Participant.QUEUE.serviceName())
                .onWithEnvelope(ReservationConfirmed.class,
                        (confirmed, envelope) -> expiry.bookingConfirmed(confirmed.userId(), envelope.occurredAt()))
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        consume(record);
    }
}
