package dev.concert.payment.request;

import dev.concert.payment.payment.Payment;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lets a request answer with the saga's outcome when it comes quickly. It sleeps until its payment is settled
 * ({@link SettledSignals}: at once when this instance settles it, at the next sweep when another instance did) or the
 * wait is over, and reads the payment twice at most (not at all at the end when this instance's saga settled it and
 * the signal brings it): a waiting request costs no database work while it waits.
 */
final class OutcomeWait {

    private final Duration wait;
    private final Function<UUID, Optional<Payment>> reload;
    private final SettledSignals signals;

    OutcomeWait(Duration wait, Function<UUID, Optional<Payment>> reload, SettledSignals signals) {
        this.wait = wait;
        this.reload = reload;
        this.signals = signals;
    }

    /** The payment once settled, or as it stands when the configured wait is over. */
    Payment await(Payment payment) {
        return await(payment, wait);
    }

    /**
     * The outcome of a payment this request has just written, subscribed to before its insert committed: nothing can
     * settle it earlier, so no signal is missed. The signal of this instance's saga carries the payment as settled;
     * otherwise (another instance settled it, or the wait is over) one read gives its state and the database's times.
     */
    Payment awaitWritten(Payment written, SettledSignals.Subscription settled) {
        try (settled) {
            if (!wait.isZero() && !wait.isNegative()) {
                Optional<Payment> signalled = settled.await(wait);
                if (signalled.isPresent()) {
                    return signalled.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reload.apply(written.paymentId()).orElse(written);
    }

    /** Same, waiting at most {@code requested} (a client's {@code Prefer: wait}), never longer than configured. */
    Payment await(Payment payment, Duration requested) {
        Duration bounded = requested.compareTo(wait) < 0 ? requested : wait;
        if (payment.status().isSettled() || bounded.isZero() || bounded.isNegative()) {
            return payment;
        }
        try (SettledSignals.Subscription settled = signals.subscribe(payment.paymentId())) {
            // it may have settled between the caller's read and the subscription
            Payment current = reload.apply(payment.paymentId()).orElse(payment);
            if (current.status().isSettled()) {
                return current;
            }
            Optional<Payment> signalled = settled.await(bounded);
            return signalled.isPresent() ? signalled.get() : reload.apply(current.paymentId()).orElse(current);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return payment;
        }
    }
}
