package dev.concert.queue.messaging;

import dev.concert.events.EventCodec;
import dev.concert.platform.messaging.ConsumerConfiguration;
import dev.concert.platform.messaging.InboundEvents;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The platform's consumer idiom for a service without a relational database: the platform's codec and failure policy
 * (bounded retries, then {@code <topic>.DLT}), and consumption without an inbox.
 */
@Configuration(proxyBeanMethods = false)
@Import(ConsumerConfiguration.class)
class QueueMessagingConfiguration {

    /** No inbox: queue-service's handlers are idempotent by themselves (a second booking finds nothing to end). */
    @Bean
    InboundEvents inboundEvents(EventCodec codec, ObjectProvider<ObservationRegistry> observations) {
        // its handlers call Redis, observed through Lettuce: without the record's span each call would start a trace
        return InboundEvents.withoutInbox(codec, observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .observingEveryRecord();
    }
}
