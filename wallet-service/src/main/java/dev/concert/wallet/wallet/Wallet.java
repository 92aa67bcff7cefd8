package dev.concert.wallet.wallet;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user's balance in KRW. Every change is one conditional update ({@link WalletStore}) whose condition is written
 * here once: the row lock orders concurrent changes and the condition re-checks the rule against the latest balance,
 * however many instances and threads change the same wallet at once.
 */
@Entity
@Table(name = "wallet")
public class Wallet {

    /** JPQL over alias {@code w}: the balance covers {@code :amount}, so a debit leaves it at zero or above. */
    static final String COVERS = "w.balance >= :amount";
    /** JPQL over alias {@code w}: adding {@code :amount} keeps the balance at or below {@code :max}. */
    static final String HAS_ROOM_FOR = "w.balance + :amount <= :max";

    @Id
    private UUID userId;
    private long balance;
    @Column(insertable = false, updatable = false)
    private Instant createdAt;
    @Column(insertable = false)
    private Instant updatedAt;

    protected Wallet() {
    }

    public UUID userId() {
        return userId;
    }

    public long balance() {
        return balance;
    }
}
