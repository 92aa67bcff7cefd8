package dev.concert.wallet.wallet;

/**
 * A user's balance in KRW and its two rules, written here once as the conditions of the only statements that change
 * it ({@link WalletStore}): the row lock orders concurrent changes and the condition re-checks the rule against the
 * latest balance, however many instances and threads change the same wallet at once. {@code WalletStoreIT} runs them
 * at their edges.
 */
final class Wallet {

    /** SQL: the balance covers {@code :amount}, so a debit leaves it at zero or above. */
    static final String COVERS = "balance >= :amount";
    /** SQL: adding {@code :amount} keeps the balance at or below {@code :max}. */
    static final String HAS_ROOM_FOR = "balance + :amount <= :max";

    private Wallet() {
    }
}
