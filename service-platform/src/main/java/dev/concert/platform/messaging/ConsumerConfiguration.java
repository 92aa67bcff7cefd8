package dev.concert.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.concert.events.EventCodec;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The consuming half of the platform, which needs no database: the codec and the one failure policy of every
 * consumer. {@link MessagingConfiguration} imports it; a service without a relational database (queue-service)
 * imports it alone and consumes with {@link InboundEvents#withoutInbox}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsumerConfiguration.class);

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /**
     * What happens to a record whose handler failed, decided by {@link FailureKind}:
     * <ul>
     *   <li>transient (a dependency is away): retried with exponential back-off up to
     *   {@code platform.consumer.transient-max-backoff}, for ever. The record keeps its place (the partition is
     *   re-sought), and the container is paused during the back-off and keeps polling, so the group sees a live
     *   member and does not rebalance however long the outage lasts;</li>
     *   <li>permanent (can never succeed): parked at once;</li>
     *   <li>unexpected (a bug): {@code platform.consumer.attempts} tries {@code platform.consumer.retry-backoff}
     *   apart, then parked so the rest of the partition flows.</li>
     * </ul>
     * A parked record goes to its service's parking topic ({@link ParkedEvents#parkingTopic}) with its reason and its
     * original topic, partition and offset in headers; if that publish fails the record is retried, never lost.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> kafka,
                                          ObjectProvider<KafkaListenerEndpointRegistry> registry,
                                          @Value("${platform.consumer.attempts:4}") long attempts,
                                          @Value("${platform.consumer.retry-backoff:300ms}") Duration backoff,
                                          @Value("${platform.consumer.transient-max-backoff:5s}") Duration maxBackoff) {
        DeadLetterPublishingRecoverer park = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(
                        ParkedEvents.parkingTopic(record.topic(), KafkaUtils.getConsumerGroupId()), -1));
        park.setHeadersFunction((record, failure) -> {
            ParkReason reason = ParkReason.of(failure);
            log.error("parking {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), reason,
                    failure.getMessage());
            return new RecordHeaders(List.of(new RecordHeader(ParkedEvents.REASON_HEADER,
                    reason.name().getBytes(StandardCharsets.UTF_8))));
        });
        ThreadPoolTaskScheduler resumer = new ThreadPoolTaskScheduler();
        resumer.setThreadNamePrefix("consumer-resume-");
        resumer.setDaemon(true);
        resumer.initialize();
        ListenerContainerPauseService pauser = new ListenerContainerPauseService(registry.getIfAvailable(), resumer);
        DefaultErrorHandler handler = new DefaultErrorHandler(park,
                new FixedBackOff(backoff.toMillis(), Math.max(0, attempts - 1)),
                new ContainerPausingBackOffHandler(pauser)) {
            /*
             * The container clears the failed-record counts after every batch that succeeds. With one consumer on
             * several partitions, the poll after a failure often brings other partitions' records only, so a bug's
             * count would start again at every retry and the record would never be parked. The tracker forgets a
             * partition's failure by itself when another offset of that partition fails.
             */
            @Override
            public void clearThreadState() {
            }
        };
        handler.setBackOffFunction((record, failure) -> switch (FailureKind.of(failure)) {
            case TRANSIENT -> waitOut(maxBackoff);
            case PERMANENT -> new FixedBackOff(0, 0);
            case UNEXPECTED -> null; // the default: bounded tries
        });
        // a record that failed transiently and then for another reason starts its count afresh (the failure's kind
        // is the class of the exception the listener reports: RecordFailure)
        handler.setResetStateOnExceptionChange(true);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }

    private static ExponentialBackOff waitOut(Duration maxBackoff) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(maxBackoff.toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    @Bean
    ParkedEvents parkedEvents(KafkaTemplate<String, String> kafka, KafkaProperties properties,
                              ObjectProvider<EventConsumer> consumers, MeterRegistry meters,
                              @Value("${spring.kafka.consumer.group-id:}") String group) {
        List<String> topics = consumers.orderedStream().flatMap(c -> java.util.Arrays.stream(c.topics()))
                .distinct().toList();
        return new ParkedEvents(group, topics, kafka, properties.buildConsumerProperties(), meters);
    }

    /**
     * This service's parking topics, one partition each (parked records are few and read whole), kept for ever: a
     * record waiting for an upgrade must not expire silently.
     */
    @Bean
    org.springframework.kafka.core.KafkaAdmin.NewTopics parkingTopics(ParkedEvents parked) {
        return new org.springframework.kafka.core.KafkaAdmin.NewTopics(parked.parkingTopics().stream()
                .map(t -> org.springframework.kafka.config.TopicBuilder.name(t).partitions(1)
                        .config(org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG, "-1").build())
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean
    ParkedEventsEndpoint parkedEventsEndpoint(ParkedEvents parked) {
        return new ParkedEventsEndpoint(parked);
    }
}
