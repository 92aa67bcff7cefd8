package dev.concert.queue.expiry;

import java.util.List;

import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatReleased;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The ends of a user's holds end their visit (saga steps 7 and E): {@code ReservationConfirmed} and
 * {@code SeatReleased} (expired or cancelled, whatever the reason) each say how many of the user's holds are still
 * open; the visit ends once the user has booked and none is left, so a fan may pay for several seats in one visit.
 * Skipping other types, dead letters for records that are not events and bounded retries (a Redis outage) are the
 * platform's. No inbox: the script is idempotent (a repeated event adds nothing, an older count loses to a newer).
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
                        (confirmed, envelope) -> expiry.bookingConfirmed(confirmed.scheduleId(), confirmed.userId(),
                                envelope.occurredAt(),
                                confirmed.openHolds(), confirmed.openHoldsVersion()))
                .onWithEnvelope(SeatReleased.class,
                        (released, envelope) -> expiry.holdReleased(released.scheduleId(), released.userId(),
                                envelope.occurredAt(),
                                released.openHolds(), released.openHoldsVersion()))
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
