package dev.concert.payment;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DebitFailure;
import dev.concert.events.ReleaseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletDebited;
import dev.concert.events.WalletRefunded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * reservation-service and wallet-service as payment-service meets them: through their events on the real broker,
 * reacting as docs/saga.md says. They only react to reservations and users the tests created, since other engineers'
 * services share the topics.
 * <ul>
 * <li>reservation double: announces {@code SeatHeld} / {@code SeatReleased}; on {@code WalletDebited} confirms a live
 * hold ({@code ReservationConfirmed}) or, if the hold lapsed, releases it and answers
 * {@code ReservationConfirmationFailed(HOLD_EXPIRED)}.</li>
 * <li>wallet double: an in-memory balance per user; on {@code PaymentRequested} debits once per payment if the
 * balance covers it ({@code WalletDebited}) or not ({@code WalletDebitFailed(INSUFFICIENT_BALANCE)}); on
 * {@code ReservationConfirmationFailed} refunds once ({@code WalletRefunded}).</li>
 * </ul>
 */
public final class SagaDoubles {

    private static SagaDoubles instance;

    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, String> producer;
    private final CountDownLatch assigned = new CountDownLatch(1);

    private final Map<UUID, Hold> holds = new ConcurrentHashMap<>();
    private final Map<UUID, Account> accounts = new ConcurrentHashMap<>();
    private final Map<UUID, PaymentRequested> debited = new ConcurrentHashMap<>();
    private final Set<UUID> refunded = ConcurrentHashMap.newKeySet();
    private final List<PaymentRequested> requests = new CopyOnWriteArrayList<>();
    private final List<EventEnvelope> published = new CopyOnWriteArrayList<>();

    public static synchronized SagaDoubles start() {
        if (instance == null) {
            instance = new SagaDoubles();
        }
        return instance;
    }

    private SagaDoubles() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        Thread.ofPlatform().daemon().name("saga-doubles").start(this::consume);
        try {
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the saga doubles got no partitions");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String bootstrap() {
        return System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    // ---------------------------------------------------------------- reservation double

    public final class Hold {
        public final UUID reservationId = UUID.randomUUID();
        public final UUID scheduleId = UUID.randomUUID();
        public final UUID seatId = UUID.randomUUID();
        public final UUID userId;
        public final long price;
        public final Instant expiresAt;
        private volatile boolean lapsesBeforeDebit;
        private String state = "HELD";

        Hold(UUID userId, long price, Instant expiresAt) {
            this.userId = userId;
            this.price = price;
            this.expiresAt = expiresAt;
        }

        /** Makes the hold expire before the wallet's debit reaches reservation-service (the compensation path). */
        public Hold lapsesBeforeDebit() {
            lapsesBeforeDebit = true;
            return this;
        }

        public synchronized String state() {
            return state;
        }
    }

    /** A seat held for the user for 5 minutes, announced with {@code SeatHeld}. */
    public Hold hold(UUID userId, long price) {
        return hold(userId, price, Instant.now().plus(Duration.ofMinutes(5)));
    }

    public Hold hold(UUID userId, long price, Instant expiresAt) {
        Hold hold = holdQuietly(userId, price, expiresAt);
        publish(new SeatHeld(hold.reservationId, hold.scheduleId, hold.seatId, 7, userId, price, expiresAt));
        return hold;
    }

    /** A hold reservation-service has made but whose {@code SeatHeld} payment-service has not seen. */
    public Hold holdQuietly(UUID userId, long price, Instant expiresAt) {
        Hold hold = new Hold(userId, price, expiresAt);
        holds.put(hold.reservationId, hold);
        return hold;
    }

    /** The expiry job released the unpaid hold. */
    public void release(Hold hold) {
        synchronized (hold) {
            hold.state = "RELEASED";
        }
        publish(new SeatReleased(hold.reservationId, hold.scheduleId, hold.seatId, hold.userId,
                ReleaseReason.HOLD_EXPIRED));
    }

    private void onDebited(WalletDebited debit) {
        Hold hold = holds.get(debit.reservationId());
        if (hold == null) {
            return;
        }
        synchronized (hold) {
            boolean live = !hold.lapsesBeforeDebit && Instant.now().isBefore(hold.expiresAt);
            if (hold.state.equals("HELD") && live) {
                hold.state = "CONFIRMED";
                publish(new ReservationConfirmed(hold.reservationId, debit.paymentId(), hold.scheduleId, hold.seatId,
                        hold.userId, debit.amount()));
                return;
            }
            if (hold.state.equals("HELD")) {
                hold.state = "RELEASED";
                publish(new SeatReleased(hold.reservationId, hold.scheduleId, hold.seatId, hold.userId,
                        ReleaseReason.HOLD_EXPIRED));
            }
            publish(new ReservationConfirmationFailed(hold.reservationId, debit.paymentId(), hold.userId,
                    debit.amount(), hold.state.equals("CONFIRMED") ? ConfirmationFailure.ALREADY_CONFIRMED
                            : ConfirmationFailure.HOLD_EXPIRED));
        }
    }

    // ---------------------------------------------------------------- wallet double

    private static final class Account {
        long charged;
        long balance;
    }

    /** Gives the user a wallet holding what they charged. */
    public void charge(UUID userId, long amount) {
        Account account = accounts.computeIfAbsent(userId, u -> new Account());
        synchronized (account) {
            account.charged += amount;
            account.balance += amount;
        }
    }

    public long balance(UUID userId) {
        Account account = accounts.get(userId);
        if (account == null) {
            return 0;
        }
        synchronized (account) {
            return account.balance;
        }
    }

    public long charged(Collection<UUID> users) {
        long sum = 0;
        for (UUID user : users) {
            Account account = accounts.get(user);
            if (account != null) {
                synchronized (account) {
                    sum += account.charged;
                }
            }
        }
        return sum;
    }

    public long balances(Collection<UUID> users) {
        return users.stream().mapToLong(this::balance).sum();
    }

    public boolean wasDebited(UUID paymentId) {
        return debited.containsKey(paymentId);
    }

    public boolean wasRefunded(UUID paymentId) {
        return refunded.contains(paymentId);
    }

    /** Every {@code PaymentRequested} the wallet received for the reservation, duplicates included. */
    public List<PaymentRequested> requestsFor(UUID reservationId) {
        return requests.stream().filter(r -> r.reservationId().equals(reservationId)).toList();
    }

    public long debitsFor(UUID reservationId) {
        return debited.values().stream().filter(r -> r.reservationId().equals(reservationId)).count();
    }

    private void onPaymentRequested(PaymentRequested request) {
        Account account = accounts.get(request.userId());
        if (account == null) {
            return;
        }
        requests.add(request);
        synchronized (account) {
            if (debited.containsKey(request.paymentId())) {
                return;
            }
            if (account.balance < request.amount()) {
                publish(new WalletDebitFailed(request.paymentId(), request.reservationId(), request.userId(),
                        request.amount(), DebitFailure.INSUFFICIENT_BALANCE));
                return;
            }
            account.balance -= request.amount();
            debited.put(request.paymentId(), request);
            publish(new WalletDebited(request.paymentId(), request.reservationId(), request.userId(),
                    request.amount(), account.balance));
        }
    }

    private void onConfirmationFailed(ReservationConfirmationFailed failure) {
        PaymentRequested debit = debited.get(failure.paymentId());
        if (debit == null) {
            return;
        }
        Account account = accounts.get(debit.userId());
        synchronized (account) {
            if (!refunded.add(failure.paymentId())) {
                return;
            }
            account.balance += debit.amount();
            publish(new WalletRefunded(debit.paymentId(), debit.reservationId(), debit.userId(), debit.amount(),
                    account.balance));
        }
    }

    // ---------------------------------------------------------------- the broker

    public EventEnvelope publish(DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event);
        publish(envelope);
        return envelope;
    }

    /** Publishes this very envelope (same event id): a redelivery, as the relay or a rebalance would make one. */
    public void publish(EventEnvelope envelope) {
        String topic = EventType.byWireName(envelope.type()).orElseThrow().topic();
        try {
            producer.send(new ProducerRecord<>(topic, envelope.key(), codec.toJson(envelope))).get(10,
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + envelope.type(), e);
        }
        published.add(envelope);
    }

    /** The envelopes the doubles published of this type about this reservation. */
    public List<EventEnvelope> published(Class<? extends DomainEvent> type, UUID reservationId) {
        List<EventEnvelope> found = new ArrayList<>();
        for (EventEnvelope envelope : published) {
            DomainEvent event = codec.payloadOf(envelope).orElse(null);
            if (type.isInstance(event) && reservationId.toString().equals(envelope.key())) {
                found.add(envelope);
            }
        }
        return found;
    }

    private void consume() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "payment-it-doubles-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.PAYMENT, Topics.WALLET, Topics.RESERVATION));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    DomainEvent event;
                    try {
                        event = codec.payloadOf(codec.fromJson(record.value())).orElse(null);
                    } catch (RuntimeException notAnEvent) {
                        continue;
                    }
                    switch (event) {
                        case PaymentRequested e -> onPaymentRequested(e);
                        case WalletDebited e -> onDebited(e);
                        case ReservationConfirmationFailed e -> onConfirmationFailed(e);
                        case null, default -> {
                        }
                    }
                }
                if (assigned.getCount() > 0 && !consumer.assignment().isEmpty()) {
                    for (TopicPartition partition : consumer.assignment()) {
                        consumer.position(partition);
                    }
                    assigned.countDown();
                }
            }
        }
    }
}
