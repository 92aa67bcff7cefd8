package dev.concert.platform.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows a transaction writes together just before it commits, in the order they were added, instead of one statement
 * each: a listener applying a poll of fifty events in one transaction sends one statement for their fifty rows, not
 * fifty round trips its thread waits for in turn. The writer gets the rows of one transaction (never an empty list)
 * and runs in it; when it fails, the commit fails and the whole transaction rolls back, as a failing statement would
 * have rolled it back.
 * <p>
 * Each transaction holds its own rows: a nested transaction (REQUIRES_NEW) writes its own at its commit, rolling back
 * to a savepoint drops the rows added after it, and a rolled-back transaction writes none. A row must be added inside
 * a transaction; one added while rows of a transaction are being written at its commit (a writer's callback adding
 * another kind of row) is written at once. {@link #flush} writes what was added so far, for a statement that must see
 * those rows or follow them; rolling back to a savepoint set before rows that a flush then wrote fails loudly (the
 * database undid them, and they are no longer held to be written again).
 *
 * @param <R> what the writer needs of one row
 */
public final class WrittenAtCommit<R> {

    /** Set while a transaction's rows are written at its commit: rows added then are written at once. */
    private static final ThreadLocal<Boolean> WRITING_AT_COMMIT = new ThreadLocal<>();

    private final Consumer<List<R>> writer;

    public WrittenAtCommit(Consumer<List<R>> writer) {
        this.writer = writer;
    }

    /** Writes the row with the current transaction's commit; throws outside a transaction. */
    public void add(R row) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("a row written at commit must be added inside a transaction");
        }
        Pending<R> pending = ofThisTransaction();
        if (pending.written || Boolean.TRUE.equals(WRITING_AT_COMMIT.get())) {
            writer.accept(List.of(row));
        } else {
            pending.rows.add(row);
        }
    }

    /** Writes the rows this transaction added so far now; later rows wait for the commit again. */
    public void flush() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Pending<R> pending = (Pending<R>) TransactionSynchronizationManager.getResource(this);
        if (pending != null) {
            pending.write();
        }
    }

    /**
     * The rows added in the current transaction: a resource bound to the thread for it (one lookup per row, not a
     * scan of the transaction's synchronizations) and unbound by its synchronization while the transaction is
     * suspended for an inner one, which then gets rows of its own, and when it completes.
     */
    private Pending<R> ofThisTransaction() {
        @SuppressWarnings("unchecked")
        Pending<R> pending = (Pending<R>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending<>(this);
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    // identity equality: the synchronizations of a transaction are a set
    private static final class Pending<R> implements TransactionSynchronization {

        private final WrittenAtCommit<R> owner;
        private final List<R> rows = new ArrayList<>();
        // a nested transaction's savepoint: how many rows were waiting when it was set
        private final Map<Object, Integer> rowsAtSavepoint = new IdentityHashMap<>();
        // savepoints set before rows that a flush then wrote: rolling back to one would lose those rows
        private final Set<Object> writtenPast = Collections.newSetFromMap(new IdentityHashMap<>());
        private RuntimeException failed;
        private boolean written;

        Pending(WrittenAtCommit<R> owner) {
            this.owner = owner;
        }

        void write() {
            if (failed != null) {
                throw failed;
            }
            if (rows.isEmpty()) {
                return;
            }
            List<R> batch = List.copyOf(rows);
            rows.clear();
            rowsAtSavepoint.forEach((savepoint, size) -> {
                if (size > 0) {
                    writtenPast.add(savepoint);
                }
            });
            rowsAtSavepoint.replaceAll((savepoint, size) -> 0);
            Boolean outer = WRITING_AT_COMMIT.get();
            WRITING_AT_COMMIT.set(Boolean.TRUE);
            try {
                owner.writer.accept(batch);
            } catch (RuntimeException e) {
                // the rows are gone from the buffer: a caller that catches this must not commit without them
                failed = e;
                throw e;
            } finally {
                WRITING_AT_COMMIT.set(outer);
            }
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(owner);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(owner, this);
        }

        @Override
        public void savepoint(Object savepoint) {
            rowsAtSavepoint.put(savepoint, rows.size());
        }

        @Override
        public void savepointRollback(Object savepoint) {
            if (writtenPast.remove(savepoint)) {
                throw new IllegalStateException("rows added before this savepoint were written after it and rolled back"
                        + " with it; the transaction cannot commit them");
            }
            // the rows of a rolled-back nested section are rolled back with it; a savepoint set before this
            // transaction's first row (so before this synchronization) had none waiting
            int size = rowsAtSavepoint.getOrDefault(savepoint, 0);
            rowsAtSavepoint.remove(savepoint);
            if (size < rows.size()) {
                rows.subList(size, rows.size()).clear();
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (failed != null) {
                throw failed;
            }
            written = true; // a row the writer's own callbacks add goes at once
            write();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(owner);
        }
    }
}
