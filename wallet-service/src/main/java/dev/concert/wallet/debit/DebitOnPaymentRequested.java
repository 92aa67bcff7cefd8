package dev.concert.wallet.debit;

import java.util.OptionalLong;
import java.util.Set;

import dev.concert.events.PaymentRequested;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletDebited;
import dev.concert.platform.messaging.InboundEvents;
import dev.concert.platform.messaging.Outbox;
import dev.concert.wallet.balance.Wallets;
import dev.concert.wallet.ledger.EntryKind;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Saga step 5: {@code PaymentRequested} → debit the wallet (never below zero) → {@code WalletDebited}, or
 * {@code WalletDebitFailed(INSUFFICIENT_BALANCE)} when the balance does not cover the amount.
 * <p>
 * The inbox makes a redelivered event a no-op; the ledger's unique (payment, DEBIT) row makes a payment debited at
 * most once even if it were requested twice under different event ids.
 */
@Component
class DebitOnPaymentRequested {

    static final String LISTENER_ID = "wallet-debit";
    static final String INVALID_AMOUNT = "INVALID_AMOUNT";

    private final InboundEvents inbound;
    private final Wallets wallets;
    private final Ledger ledger;
    private final Outbox outbox;
    private final MeterRegistry meters;

    DebitOnPaymentRequested(InboundEvents inbound, Wallets wallets, Ledger ledger, Outbox outbox,
                            MeterRegistry meters) {
        this.inbound = inbound;
        this.wallets = wallets;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
    }

    @KafkaListener(id = LISTENER_ID, topics = {Topics.PAYMENT}, groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        inbound.accept("wallet-service", record, Set.of(PaymentRequested.class), event -> {
            switch (event) {
                case PaymentRequested e -> debit(e);
                default -> {
                }
            }
        });
    }

    private void debit(PaymentRequested e) {
        if (ledger.findForPayment(e.paymentId(), EntryKind.DEBIT).isPresent()) {
            return;
        }
        if (e.amount() <= 0) {
            // cannot happen from payment-service; still, the payment must end, not sit PENDING forever
            outbox.append(new WalletDebitFailed(e.paymentId(), e.reservationId(), e.userId(), e.amount(),
                    INVALID_AMOUNT));
            countAfterCommit("invalid_amount");
            return;
        }
        OptionalLong balance = wallets.debit(e.userId(), e.amount());
        if (balance.isEmpty()) {
            outbox.append(new WalletDebitFailed(e.paymentId(), e.reservationId(), e.userId(), e.amount(),
                    WalletDebitFailed.INSUFFICIENT_BALANCE));
            countAfterCommit("insufficient_balance");
            return;
        }
        ledger.append(LedgerEntry.debit(e.userId(), e.amount(), balance.getAsLong(), e.paymentId(), e.reservationId()));
        outbox.append(new WalletDebited(e.paymentId(), e.reservationId(), e.userId(), e.amount(),
                balance.getAsLong()));
        countAfterCommit("debited");
    }

    private void countAfterCommit(String outcome) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                meters.counter("wallet.debits", "outcome", outcome).increment();
            }
        });
    }
}
