package dev.concert.queue.messaging;

import java.time.Duration;

import dev.concert.events.EventCodec;
import dev.concert.events.Topics;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The platform's consumer idiom for a service without a relational database. service-platform's
 * MessagingConfiguration cannot be imported here as a whole (its outbox and inbox need a DataSource), so the
 * consumer part is wired here: the same codec, the same error policy, and consumption without an inbox.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** No inbox: queue-service's handlers are idempotent by themselves (a second booking finds nothing to end). */
    @Bean
    InboundEvents inboundEvents(EventCodec codec) {
        return InboundEvents.withoutInbox(codec);
    }

    /**
     * The same policy as every other service (MessagingConfiguration.kafkaErrorHandler, kept identical until both
     * use one definition): bounded retries, then the record goes to {@code <topic>.DLT} with the failure in its
     * headers and the partition moves on. A record that is not an event envelope at all is not retried.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> kafka,
                                          @Value("${platform.consumer.attempts:4}") long attempts,
                                          @Value("${platform.consumer.retry-backoff:300ms}") Duration backoff) {
        DeadLetterPublishingRecoverer toDeadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
        DefaultErrorHandler handler = new DefaultErrorHandler(toDeadLetters,
                new FixedBackOff(backoff.toMillis(), Math.max(0, attempts - 1)));
        handler.addNotRetryableExceptions(EventCodec.MalformedEventException.class);
        return handler;
    }
}
