package dev.concert.wallet.refund;

import java.util.Optional;
import java.util.Set;

import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.Topics;
import dev.concert.events.WalletRefunded;
import dev.concert.platform.messaging.InboundEvents;
import dev.concert.platform.messaging.Outbox;
import dev.concert.wallet.balance.Wallets;
import dev.concert.wallet.ledger.EntryKind;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Saga step 8, the compensation: {@code ReservationConfirmationFailed} → give the payment's debit back, once →
 * {@code WalletRefunded}. The amount refunded is the one the ledger says was debited, not the one in the event.
 */
@Component
class RefundOnConfirmationFailed {

    static final String LISTENER_ID = "wallet-refund";
    private static final Logger log = LoggerFactory.getLogger(RefundOnConfirmationFailed.class);

    private final InboundEvents inbound;
    private final Wallets wallets;
    private final Ledger ledger;
    private final Outbox outbox;
    private final MeterRegistry meters;

    RefundOnConfirmationFailed(InboundEvents inbound, Wallets wallets, Ledger ledger, Outbox outbox,
                               MeterRegistry meters) {
        this.inbound = inbound;
        this.wallets = wallets;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
    }

    @KafkaListener(id = LISTENER_ID, topics = {Topics.RESERVATION}, groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        inbound.accept("wallet-service", record, Set.of(ReservationConfirmationFailed.class), event -> {
            switch (event) {
                case ReservationConfirmationFailed e -> refund(e);
                default -> {
                }
            }
        });
    }

    private void refund(ReservationConfirmationFailed e) {
        Optional<LedgerEntry> debit = ledger.findForPayment(e.paymentId(), EntryKind.DEBIT);
        if (debit.isEmpty()) {
            log.warn("confirmation of payment {} failed but it was never debited here: nothing to refund",
                    e.paymentId());
            return;
        }
        if (ledger.findForPayment(e.paymentId(), EntryKind.REFUND).isPresent()) {
            return;
        }
        long balance = wallets.refund(debit.get().userId(), debit.get().amount());
        LedgerEntry refund = ledger.append(LedgerEntry.refund(debit.get(), balance));
        outbox.append(new WalletRefunded(e.paymentId(), e.reservationId(), refund.userId(), refund.amount(),
                balance));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                meters.counter("wallet.refunds").increment();
            }
        });
    }
}
