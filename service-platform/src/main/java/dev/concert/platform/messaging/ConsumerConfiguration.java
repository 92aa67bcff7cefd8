package dev.concert.platform.messaging;

import java.time.Duration;

import dev.concert.events.EventCodec;
import dev.concert.events.Topics;

import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The consuming half of the platform, which needs no database: the codec and the one failure policy of every
 * consumer. {@link MessagingConfiguration} imports it; a service without a relational database (queue-service)
 * imports it alone and consumes with {@link InboundEvents#withoutInbox}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /**
     * Bounded retries, then the record goes to {@code <topic>.DLT} with the failure in its headers and the
     * partition moves on. A record that is not an event envelope at all is not retried.
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
