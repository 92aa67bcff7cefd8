package dev.concert.payment.request;

import dev.concert.payment.payment.Payments;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every {@code payment.outcome-poll}, one read wakes the requests whose payment another instance settled. */
@Component
class SettlementSweep {

    private final SettledSignals signals;
    private final Payments payments;

    SettlementSweep(SettledSignals signals, Payments payments) {
        this.signals = signals;
        this.payments = payments;
    }

    @Scheduled(fixedDelayString = "${payment.outcome-poll:200ms}")
    void sweep() {
        signals.sweep(payments::settledAmong);
    }
}
