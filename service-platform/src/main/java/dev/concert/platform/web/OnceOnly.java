package dev.concert.platform.web;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * A request that must happen once per Idempotency-Key (a charge, a payment): a retry gets the first answer again.
 * The lookup before the insert gives the quick answer; the unique index on (user, key) decides a race, so when two
 * copies of one request run at once the loser's insert fails, its transaction rolls back, and it answers with what the
 * winner stored.
 */
public final class OnceOnly {

    private OnceOnly() {
    }

    /**
     * @param earlier       what this key already did, if anything
     * @param replay        the answer for a retry (refuses a key reused for another request)
     * @param insert        does the request, in its own transaction
     * @param lostToAnother the answer when the insert lost a race that was not to this key (another unique index)
     */
    public static <T> T insertOrReplay(Supplier<Optional<T>> earlier, UnaryOperator<T> replay, Supplier<T> insert,
                                       Function<DataIntegrityViolationException, T> lostToAnother) {
        Optional<T> done = earlier.get();
        if (done.isPresent()) {
            return replay.apply(done.get());
        }
        try {
            return insert.get();
        } catch (DataIntegrityViolationException lostARace) {
            Optional<T> winner = earlier.get();
            return winner.isPresent() ? replay.apply(winner.get()) : lostToAnother.apply(lostARace);
        }
    }

    /** For an insert whose only unique index is the key itself. */
    public static <T> T insertOrReplay(Supplier<Optional<T>> earlier, UnaryOperator<T> replay, Supplier<T> insert) {
        return insertOrReplay(earlier, replay, insert, lost -> {
            throw lost;
        });
    }
}
