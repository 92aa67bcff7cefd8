package dev.concert.wallet.wallet;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/** The wallet table; only this package writes it. */
interface WalletStore extends JpaRepository<Wallet, UUID> {

    @Query("SELECT w.balance FROM Wallet w WHERE w.userId = :user")
    Optional<Long> balanceOf(@Param("user") UUID userId);

    /** Its own short transaction: see {@link Wallets#open}. */
    @Transactional
    @Modifying
    @Query(value = "INSERT IGNORE INTO wallet (user_id, balance) VALUES (:user, 0)", nativeQuery = true)
    void open(@Param("user") String userId);

    @Modifying
    @Query("UPDATE Wallet w SET w.balance = w.balance + :amount, w.updatedAt = CURRENT_TIMESTAMP"
            + " WHERE w.userId = :user AND " + Wallet.HAS_ROOM_FOR)
    int credit(@Param("user") UUID userId, @Param("amount") long amount, @Param("max") long maxBalance);

    @Modifying
    @Query("UPDATE Wallet w SET w.balance = w.balance - :amount, w.updatedAt = CURRENT_TIMESTAMP"
            + " WHERE w.userId = :user AND " + Wallet.COVERS)
    int debit(@Param("user") UUID userId, @Param("amount") long amount);

    @Modifying
    @Query("UPDATE Wallet w SET w.balance = w.balance + :amount, w.updatedAt = CURRENT_TIMESTAMP"
            + " WHERE w.userId = :user")
    int refund(@Param("user") UUID userId, @Param("amount") long amount);
}
