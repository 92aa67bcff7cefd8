package dev.concert.payment.payment;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An outcome the saga heard for one payment: the move it asks for, the failure reason it gives, whether that reason is
 * to be kept even when the move is refused (a failure overtaken by its refund still says why it failed), and what to
 * do if the payment moved (given the payment as written: status, reason, times; run inside the transaction, when the
 * move is written).
 */
public record Settlement(UUID paymentId, PaymentStatus next, Enum<?> reason, boolean explainIfRefused,
                         Consumer<Payment> whenMoved) {

    public Settlement {
        Objects.requireNonNull(paymentId);
        Objects.requireNonNull(next);
        Objects.requireNonNull(whenMoved);
    }

    String reasonName() {
        return reason == null ? null : reason.name();
    }
}
