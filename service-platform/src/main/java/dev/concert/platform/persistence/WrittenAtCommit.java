package dev.concert.platform.persistence;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 * to a savepoint drops the rows added after it, and a rolled-back transaction writes none. A row added outside a
 * transaction, or after this transaction's rows were written (by another synchronization's beforeCommit), is written
 * at once. {@link #flush} writes what was added so far, for a statement that must see those rows or follow them.
 *
 * @param <R> what the writer needs of one row
 */
public final class WrittenAtCommit<R> {

    private final Consumer<List<R>> writer;

    public WrittenAtCommit(Consumer<List<R>> writer) {
        this.writer = writer;
    }

    /** Writes the row with the current transaction's commit; outside a transaction at once. */
    public void add(R row) {
        Pending<R> pending = TransactionSynchronizationManager.isSynchronizationActive() ? ofThisTransaction() : null;
        if (pending != null && !pending.written) {
            pending.rows.add(row);
        } else {
            writer.accept(List.of(row));
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
        private boolean written;

        Pending(WrittenAtCommit<R> owner) {
            this.owner = owner;
        }

        void write() {
            if (!rows.isEmpty()) {
                List<R> batch = List.copyOf(rows);
                rows.clear();
                rowsAtSavepoint.replaceAll((savepoint, size) -> 0);
                owner.writer.accept(batch);
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
            write();
            written = true;
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(owner);
        }
    }
}
