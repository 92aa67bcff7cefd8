package dev.concert.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concert.events.EventCodec;
import dev.concert.events.WalletRefunded;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/** Which inbound records are observed, and what trace the events their handlers write carry on. */
class InboundTraceTest {

    private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    private final EventCodec codec = new EventCodec();
    private final AtomicInteger observed = new AtomicInteger();
    private final List<String> passedOn = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final InboundEvents inbound;
    private final EventHandlers handlers = EventHandlers.of("test")
            .on(WalletRefunded.class, e -> {
                // what the outbox would write as the event's traceparent while this handler runs (no tracer here)
                passedOn.add(MessagingConfiguration.traceParent(null));
                // what a log line of the handler would show as [traceId-spanId]
                logged.add(MDC.get("traceId") + "-" + MDC.get("spanId"));
            })
            .build();

    InboundTraceTest() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                observed.incrementAndGet();
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        inbound = InboundEvents.withoutInbox(codec, registry);
    }

    @Test
    void a_record_of_an_unsampled_trace_is_handled_without_an_observation_and_its_trace_passed_on() {
        inbound.acceptAll(List.of(record(UNSAMPLED)), handlers);

        assertThat(observed).hasValue(0);
        assertThat(passedOn).containsExactly(UNSAMPLED);
        assertThat(logged).containsExactly("0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331");
        assertThat(InboundTraceParent.current()).as("nothing left on the consumer's thread").isNull();
        assertThat(MDC.get("traceId")).isNull();
    }

    @Test
    void a_malformed_traceparent_is_not_passed_on_and_the_record_is_observed() {
        String upperCase = UNSAMPLED.replace("0af7", "0AF7");
        String zeroTrace = "00-00000000000000000000000000000000-b7ad6b7169203331-00";
        String otherVersion = "01" + UNSAMPLED.substring(2);
        inbound.acceptAll(List.of(record(upperCase), record(zeroTrace), record(otherVersion)), handlers);

        assertThat(observed).hasValue(3);
        assertThat(passedOn).containsOnlyNulls();
    }

    @Test
    void a_consumer_observing_every_record_observes_unsampled_ones_too() {
        ObservationRegistry registry = ObservationRegistry.create();
        AtomicInteger started = new AtomicInteger();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                started.incrementAndGet();
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        InboundEvents.withoutInbox(codec, registry).observingEveryRecord()
                .acceptAll(List.of(record(UNSAMPLED)), handlers);

        assertThat(started).hasValue(1);
    }

    @Test
    void a_record_of_a_sampled_trace_or_of_none_is_observed() {
        inbound.acceptAll(List.of(record(SAMPLED), record(null), record("garbage")), handlers);

        assertThat(observed).hasValue(3);
    }

    @Test
    void the_sampled_flag_is_bit_zero_of_the_trace_flags() {
        assertThat(InboundTraceParent.unsampled(UNSAMPLED)).isTrue();
        assertThat(InboundTraceParent.unsampled(UNSAMPLED.replace("-00", "-02"))).isTrue();
        assertThat(InboundTraceParent.unsampled(SAMPLED)).isFalse();
        assertThat(InboundTraceParent.unsampled(SAMPLED.replace("-01", "-03"))).isFalse();
        assertThat(InboundTraceParent.unsampled(null)).isFalse();
        assertThat(InboundTraceParent.unsampled("00-short-00")).isFalse();
        assertThat(InboundTraceParent.unsampled(UNSAMPLED.replace("-00", "-zz"))).isFalse();
        assertThat(InboundTraceParent.unsampled("01" + UNSAMPLED.substring(2))).isFalse();
    }

    private ConsumerRecord<String, String> record(String traceParent) {
        WalletRefunded event = new WalletRefunded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 10, 10);
        ConsumerRecord<String, String> record = new ConsumerRecord<>("t", 0, 0, event.key(),
                codec.toJson(codec.wrap(event)));
        if (traceParent != null) {
            record.headers().add(OutboxRelay.TRACE_PARENT_HEADER, traceParent.getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }
}
