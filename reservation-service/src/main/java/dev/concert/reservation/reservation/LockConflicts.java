package dev.concert.reservation.reservation;

import java.util.function.Supplier;

import org.springframework.dao.PessimisticLockingFailureException;

/**
 * A transaction on a reservation, its seat and its owner's row that loses a deadlock or a lock wait is run again: it
 * had no effect outside the database. Used by the use cases that change them on a user's request (hold, cancel).
 */
public final class LockConflicts {

    private static final int ATTEMPTS = 3;

    private LockConflicts() {
    }

    /** Runs {@code transaction}, again up to two more times if it lost a lock conflict. */
    public static <T> T retried(Supplier<T> transaction) {
        for (int i = 1; ; i++) {
            try {
                return transaction.get();
            } catch (PessimisticLockingFailureException e) {
                if (i >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
