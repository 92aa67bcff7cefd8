package dev.concert.wallet.wallet;

import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wallet aggregate's door for the use cases (charge, debit, refund, balance). The rules (never below zero, never
 * above the maximum through charges) hold however many instances change the same wallet at once: each change is one
 * conditional update. Changes run inside the caller's transaction, which also appends the ledger row.
 */
@Service
public class Wallets {

    private final WalletStore store;
    private final TransactionTemplate tx;

    Wallets(WalletStore store, TransactionTemplate tx) {
        this.store = store;
        this.tx = tx;
    }

    /** 0 for a user who was never charged. */
    public long balanceOf(UUID userId) {
        return store.balanceOf(userId).orElse(0L);
    }

    /**
     * Makes sure the user has a wallet row, in its own short transaction: inside the charge transaction, many first
     * charges of one user would each hold a shared lock from the INSERT and deadlock upgrading it.
     */
    public void open(UUID userId) {
        // a transaction of its own (the connections stay out of auto-commit), called outside the charge's
        tx.executeWithoutResult(status -> store.open(userId));
    }

    /** Adds the amount unless the balance would exceed {@code maxBalance}; the new balance, or empty if refused. */
    public OptionalLong credit(UUID userId, long amount, long maxBalance) {
        return store.credit(userId, amount, maxBalance);
    }

    /** Takes the amount unless the balance is smaller; the new balance, or empty if it would go below zero. */
    public OptionalLong debit(UUID userId, long amount) {
        return store.debit(userId, amount);
    }

    /** Gives money back; never refused (not even by the maximum balance): what was taken is owed. */
    public long refund(UUID userId, long amount) {
        return store.refund(userId, amount)
                .orElseThrow(() -> new IllegalStateException("no wallet for user " + userId + " to refund into"));
    }
}
