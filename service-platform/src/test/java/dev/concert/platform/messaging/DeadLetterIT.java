package dev.concert.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concert.events.EventCodec;
import dev.concert.events.WalletRefunded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/** A poison message is retried a bounded number of times, then parked on the dead-letter topic. */
@SpringBootTest(properties = "platform.consumer.attempts=3")
@Import(DeadLetterIT.PoisonSensitiveConsumer.class)
class DeadLetterIT {

    static final String TOPIC = "platform-test.dlt-check";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    PoisonSensitiveConsumer consumer;

    @TestConfiguration
    static class PoisonSensitiveConsumer {
        final ConcurrentHashMap<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        @Autowired
        InboundEvents inbound;

        @Bean
        org.apache.kafka.clients.admin.NewTopic dltCheckTopic() {
            return new org.apache.kafka.clients.admin.NewTopic(TOPIC, 1, (short) 1);
        }

        final EventHandlers handlers = EventHandlers.of("dlt-check")
                .on(WalletRefunded.class, this::refund)
                .build();

        @KafkaListener(topics = TOPIC, groupId = "platform-test-dlt")
        void on(ConsumerRecord<String, String> record) {
            inbound.accept(record, handlers);
        }

        private void refund(WalletRefunded refund) {
            attempts.computeIfAbsent(refund.paymentId(), k -> new AtomicInteger()).incrementAndGet();
            if (refund.amount() < 0) {
                throw new IllegalStateException("cannot refund a negative amount");
            }
        }
    }

    @Test
    void a_poison_event_goes_to_the_dead_letter_topic_after_bounded_retries_and_the_next_one_is_processed() {
        WalletRefunded poison = new WalletRefunded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), -1, 0);
        WalletRefunded good = new WalletRefunded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 10, 10);
        kafka.send(TOPIC, "k", codec.toJson(codec.wrap(poison)));
        kafka.send(TOPIC, "k", codec.toJson(codec.wrap(good)));
        kafka.send(TOPIC, "k", "this is not an event");

        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.attempts.containsKey(good.paymentId()));
        assertThat(consumer.attempts.get(poison.paymentId())).hasValue(3);
        assertThat(consumer.attempts.get(good.paymentId())).hasValue(1);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:9092"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> dlt = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            dlt.subscribe(List.of(TOPIC + ".DLT"));
            String poisonId = poison.paymentId().toString();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                boolean[] found = new boolean[2];
                for (ConsumerRecord<String, String> r : dlt.poll(Duration.ofMillis(500))) {
                    found[0] |= r.value().contains(poisonId);
                    found[1] |= r.value().equals("this is not an event");
                }
                seen[0] |= found[0];
                seen[1] |= found[1];
                return seen[0] && seen[1];
            });
        }
    }

    private final boolean[] seen = new boolean[2];
}
