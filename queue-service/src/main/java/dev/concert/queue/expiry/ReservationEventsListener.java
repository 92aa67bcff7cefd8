package dev.concert.queue.expiry;

import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.ReservationConfirmed;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code ReservationConfirmed} ends the user's visit at once. Other event types on the topic are skipped; a
 * duplicate finds the token already expired and does nothing. A record that is not an envelope is logged and
 * skipped (it would fail the same way forever); a Redis outage is retried by the container's error handler.
 */
@Component
class ReservationEventsListener {

    private static final Logger log = LoggerFactory.getLogger(ReservationEventsListener.class);

    private final EventCodec codec = new EventCodec();
    private final Expiry expiry;

    ReservationEventsListener(Expiry expiry) {
        this.expiry = expiry;
    }

    @KafkaListener(id = "queue-reservation-events", topics = "${queue.events.reservation-topic:reservation.events}",
            groupId = "${queue.events.group-id:queue-service}")
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope envelope;
        try {
            envelope = codec.fromJson(record.value());
        } catch (EventCodec.MalformedEventException e) {
            log.warn("skipping a record that is not an event envelope at {}-{}@{}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!"ReservationConfirmed".equals(envelope.type())) {
            return;
        }
        try {
            codec.payloadOf(envelope).filter(ReservationConfirmed.class::isInstance)
                    .map(ReservationConfirmed.class::cast)
                    .filter(confirmed -> confirmed.userId() != null)
                    .ifPresent(confirmed -> expiry.bookingConfirmed(confirmed.userId(), envelope.occurredAt()));
        } catch (EventCodec.MalformedEventException e) {
            log.warn("skipping a malformed ReservationConfirmed {}: {}", envelope.eventId(), e.getMessage());
        }
    }
}
