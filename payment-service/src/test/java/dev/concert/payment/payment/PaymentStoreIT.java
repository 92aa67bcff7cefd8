package dev.concert.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.concert.events.ConfirmationFailure;
import dev.concert.payment.PaymentServiceTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settling statement moves a payment exactly as {@link PaymentStatus} allows, from every state to every state,
 * on the real database: change the state machine or the statement alone and this fails.
 */
@PaymentServiceTest
class PaymentStoreIT {

    @Autowired
    PaymentStore store;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void a_payment_moves_exactly_where_its_state_machine_allows() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
                written(() -> store.insert(payment));
                written(() -> jdbc.sql("UPDATE payment SET status = :s WHERE payment_id = :id").param("s", from.name())
                        .param("id", payment.paymentId().toString()).update());

                boolean moved = Boolean.TRUE.equals(tx.execute(status -> store.settle(payment.paymentId(), to,
                        ConfirmationFailure.HOLD_EXPIRED.name())));

                assertThat(moved).as("%s -> %s", from, to).isEqualTo(from.canBecome(to));
                PaymentStatus now = store.find(payment.paymentId()).orElseThrow().status();
                assertThat(now).as("%s -> %s", from, to).isEqualTo(moved ? to : from);
            }
        }
    }

    @Test
    void only_a_claiming_state_keeps_the_reservation_claimed() {
        UUID reservation = UUID.randomUUID();
        Payment failed = Payment.request(reservation, UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        written(() -> store.insert(failed));
        written(() -> store.settle(failed.paymentId(), PaymentStatus.FAILED, "INSUFFICIENT_BALANCE"));

        assertThat(store.findLive(reservation)).isEmpty();
        Payment second = Payment.request(reservation, UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        written(() -> store.insert(second));
        assertThat(store.findLive(reservation)).get().extracting(Payment::paymentId).isEqualTo(second.paymentId());
    }

    @Test
    void one_read_finds_the_keys_payment_and_the_reservations_live_payment() {
        UUID user = UUID.randomUUID();
        UUID reservation = UUID.randomUUID();
        Payment keyed = Payment.request(UUID.randomUUID(), user, 1_000, "k-" + UUID.randomUUID());
        Payment claiming = Payment.request(reservation, UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        written(() -> store.insert(keyed));
        written(() -> store.insert(claiming));

        Precedents both = store.precedents(user, keyed.idempotencyKey(), reservation);
        assertThat(both.byKey()).get().extracting(Payment::paymentId).isEqualTo(keyed.paymentId());
        assertThat(both.live()).get().extracting(Payment::paymentId).isEqualTo(claiming.paymentId());

        Precedents sameRow = store.precedents(claiming.userId(), claiming.idempotencyKey(), reservation);
        assertThat(sameRow.byKey()).get().extracting(Payment::paymentId).isEqualTo(claiming.paymentId());
        assertThat(sameRow.live()).get().extracting(Payment::paymentId).isEqualTo(claiming.paymentId());

        written(() -> store.settle(claiming.paymentId(), PaymentStatus.FAILED, "INSUFFICIENT_BALANCE"));
        Precedents none = store.precedents(user, "k-unused", reservation);
        assertThat(none.byKey()).isEmpty();
        assertThat(none.live()).as("a FAILED payment no longer claims its reservation").isEmpty();
    }

    @Test
    void a_failure_reason_once_given_is_kept() {
        Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        written(() -> store.insert(payment));
        written(() -> store.settle(payment.paymentId(), PaymentStatus.FAILED, "HOLD_EXPIRED"));
        written(() -> store.settle(payment.paymentId(), PaymentStatus.REFUNDED, null));
        tx.executeWithoutResult(status -> store.settleAtCommit(new Settlement(payment.paymentId(),
                PaymentStatus.FAILED, ConfirmationFailure.ALREADY_CONFIRMED, true, settled -> { })));

        Payment refunded = store.find(payment.paymentId()).orElseThrow();
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.failureReason()).isEqualTo("HOLD_EXPIRED");
    }

    @Test
    void the_moves_of_one_transaction_are_written_at_its_commit_exactly_where_the_state_machine_allows() {
        record Case(PaymentStatus from, PaymentStatus to, Payment payment) {
        }
        List<Case> cases = new ArrayList<>();
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                cases.add(new Case(from, to, inState(from)));
            }
        }
        Set<UUID> toldMoved = ConcurrentHashMap.newKeySet();

        tx.executeWithoutResult(status -> {
            for (Case c : cases) {
                store.settleAtCommit(new Settlement(c.payment().paymentId(), c.to(), ConfirmationFailure.HOLD_EXPIRED,
                        false, settled -> toldMoved.add(settled.paymentId())));
            }
            assertThat(toldMoved).as("nothing is written before the commit").isEmpty();
        });

        for (Case c : cases) {
            boolean allowed = c.from().canBecome(c.to());
            Payment now = store.find(c.payment().paymentId()).orElseThrow();
            assertThat(now.status()).as("%s -> %s", c.from(), c.to()).isEqualTo(allowed ? c.to() : c.from());
            assertThat(toldMoved.contains(c.payment().paymentId())).as("%s -> %s told", c.from(), c.to())
                    .isEqualTo(allowed);
            assertThat(store.findLive(c.payment().reservationId()).isPresent()).as("%s -> %s claims", c.from(), c.to())
                    .isEqualTo(now.status().claimsTheReservation());
            if (allowed) {
                assertThat(now.finishedAt()).isNotNull();
            }
        }
    }

    @Test
    void a_dozen_payments_settled_in_one_transaction_cost_one_read_and_one_update() {
        List<Payment> pending = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            pending.add(inState(PaymentStatus.PENDING));
        }

        long[] statements = tx.execute(status -> {
            long selects = sessionCount("Com_select");
            long updates = sessionCount("Com_update");
            for (Payment p : pending) {
                store.settleAtCommit(new Settlement(p.paymentId(), PaymentStatus.COMPLETED, null, false, settled -> { }));
            }
            store.find(pending.getFirst().paymentId()); // a read in the transaction writes them first
            return new long[] {sessionCount("Com_select") - selects - 1, sessionCount("Com_update") - updates};
        });

        assertThat(statements[0]).as("selects (the locking read)").isEqualTo(1);
        assertThat(statements[1]).as("updates").isEqualTo(1);
        assertThat(pending).allSatisfy(p -> assertThat(store.find(p.paymentId()).orElseThrow().status())
                .isEqualTo(PaymentStatus.COMPLETED));
    }

    @Test
    void two_outcomes_of_one_payment_in_one_transaction_apply_in_turn_and_an_overtaken_failure_still_says_why() {
        Payment failedThenRefunded = inState(PaymentStatus.PENDING);
        Payment refundedFirst = inState(PaymentStatus.PENDING);
        Payment onItsOwn = inState(PaymentStatus.PENDING);

        tx.executeWithoutResult(status -> {
            store.settleAtCommit(new Settlement(failedThenRefunded.paymentId(), PaymentStatus.FAILED,
                    ConfirmationFailure.HOLD_EXPIRED, true, settled -> { }));
            store.settleAtCommit(new Settlement(refundedFirst.paymentId(), PaymentStatus.REFUNDED, null, false,
                    settled -> { }));
            store.settleAtCommit(new Settlement(failedThenRefunded.paymentId(), PaymentStatus.REFUNDED, null, false,
                    settled -> { }));
            store.settleAtCommit(new Settlement(refundedFirst.paymentId(), PaymentStatus.FAILED,
                    ConfirmationFailure.HOLD_EXPIRED, true, settled -> { }));
        });
        tx.executeWithoutResult(status -> store.settleAtCommit(new Settlement(onItsOwn.paymentId(),
                PaymentStatus.REFUNDED, null, false, settled -> { })));
        tx.executeWithoutResult(status -> store.settleAtCommit(new Settlement(onItsOwn.paymentId(),
                PaymentStatus.FAILED, ConfirmationFailure.HOLD_EXPIRED, true, settled -> { })));

        for (Payment p : List.of(failedThenRefunded, refundedFirst, onItsOwn)) {
            Payment now = store.find(p.paymentId()).orElseThrow();
            assertThat(now.status()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(now.failureReason()).isEqualTo("HOLD_EXPIRED");
        }
    }

    @Test
    void a_settled_payment_is_handed_on_exactly_as_a_read_gives_it() {
        Payment payment = inState(PaymentStatus.PENDING);
        AtomicReference<Payment> handedOn = new AtomicReference<>();

        tx.executeWithoutResult(status -> store.settleAtCommit(new Settlement(payment.paymentId(),
                PaymentStatus.FAILED, ConfirmationFailure.HOLD_EXPIRED, false, handedOn::set)));

        Payment read = store.find(payment.paymentId()).orElseThrow();
        assertThat(handedOn.get()).usingRecursiveComparison().isEqualTo(read);
        assertThat(read.finishedAt()).isAfterOrEqualTo(read.createdAt());
    }

    @Test
    void a_rolled_back_transaction_settles_nothing() {
        Payment payment = inState(PaymentStatus.PENDING);
        Set<UUID> toldMoved = ConcurrentHashMap.newKeySet();

        tx.executeWithoutResult(status -> {
            store.settleAtCommit(new Settlement(payment.paymentId(), PaymentStatus.COMPLETED, null, false,
                    settled -> toldMoved.add(settled.paymentId())));
            status.setRollbackOnly();
        });

        assertThat(store.find(payment.paymentId()).orElseThrow().status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(toldMoved).isEmpty();
    }

    private Payment inState(PaymentStatus state) {
        Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        written(() -> store.insert(payment));
        written(() -> jdbc.sql("UPDATE payment SET status = :s, live_reservation_id = CASE WHEN :claims = 1 THEN reservation_id"
                        + " ELSE NULL END WHERE payment_id = :id")
                .param("s", state.name())
                .param("claims", state.claimsTheReservation() ? 1 : 0)
                .param("id", payment.paymentId().toString())
                .update());
        return payment;
    }

    /** The service's connections stay out of auto-commit: a write commits only in a transaction. */
    private void written(Runnable write) {
        tx.executeWithoutResult(status -> write.run());
    }

    private long sessionCount(String name) {
        return jdbc.sql("SHOW SESSION STATUS LIKE '" + name + "'").query((rs, n) -> rs.getLong(2)).single();
    }
}
