package dev.concert.platform.messaging;

import java.time.Duration;

import dev.concert.events.EventCodec;
import dev.concert.events.Topics;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/** Outbox, relay, inbox and the consumer error policy, wired the same way in every service. */
@Configuration(proxyBeanMethods = false)
@Import(ConsumerConfiguration.class)
public class MessagingConfiguration {

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka,
                            @Value("${platform.outbox.batch-size:200}") int batchSize,
                            @Value("${platform.outbox.poll-interval:1s}") Duration pollInterval,
                            @Value("${platform.outbox.send-timeout:10s}") Duration sendTimeout) {
        return new OutboxRelay(jdbc, tx, kafka, batchSize, pollInterval, sendTimeout);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, EventCodec codec, OutboxRelay relay, ObjectProvider<Tracer> tracer) {
        // the tracer looked up once, not per event (a bean lookup on every outbox row showed in the consumers' profile)
        SingletonSupplier<Tracer> once = SingletonSupplier.ofNullable(tracer::getIfAvailable);
        return new Outbox(jdbc, codec, relay, () -> traceParent(once.get()));
    }

    /**
     * The current span as a W3C traceparent; without one, the unsampled traceparent of the record being handled (its
     * handler runs without a span); null outside a trace.
     */
    static String traceParent(Tracer tracer) {
        if (tracer == null || tracer.currentSpan() == null) {
            return InboundTraceParent.current();
        }
        TraceContext context = tracer.currentSpan().context();
        String traceId = context.traceId().length() == 16 ? "0".repeat(16) + context.traceId() : context.traceId();
        return "00-" + traceId + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    @Bean
    EventInbox eventInbox(JdbcClient jdbc, TransactionTemplate tx) {
        return new EventInbox(jdbc, tx);
    }

    @Bean
    InboundEvents inboundEvents(EventCodec codec, EventInbox inbox, ObjectProvider<ObservationRegistry> observations) {
        return new InboundEvents(codec, inbox, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** The event topics, created at start-up if missing (six partitions each). */
    @Bean
    KafkaAdmin.NewTopics eventTopics(@Value("${platform.topics.partitions:6}") int partitions) {
        java.util.List<NewTopic> topics = new java.util.ArrayList<>();
        for (String topic : java.util.List.of(Topics.CONCERT, Topics.RESERVATION, Topics.PAYMENT, Topics.WALLET)) {
            topics.add(TopicBuilder.name(topic).partitions(partitions).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
