package dev.concert.wallet.balance;

import java.util.UUID;

import dev.concert.platform.web.SignedInUser;
import dev.concert.wallet.WalletOwner;
import dev.concert.wallet.wallet.Wallets;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/users/me/wallet}: the owner's balance. */
@RestController
class WalletController {

    private final Wallets wallets;

    WalletController(Wallets wallets) {
        this.wallets = wallets;
    }

    @GetMapping("/api/v1/users/{owner}/wallet")
    Balance balance(@PathVariable String owner, SignedInUser caller) {
        UUID userId = WalletOwner.of(owner, caller);
        return new Balance(userId, wallets.balanceOf(userId));
    }

    record Balance(UUID userId, long balance) {
    }
}
