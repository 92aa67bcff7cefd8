package dev.concert.wallet;

import java.util.UUID;

import dev.concert.platform.web.ApiProblem;

/**
 * A wallet is only ever read or charged by its owner. The gateway checks this too, but a service must not trust a
 * path: the caller is the verified X-User-Id header, the path only names the wallet.
 */
public final class WalletOwner {

    private WalletOwner() {
    }

    public static void check(UUID walletOwner, UUID caller) {
        if (!walletOwner.equals(caller)) {
            throw ApiProblem.forbidden("NOT_YOUR_WALLET", "a wallet can only be used by its owner");
        }
    }
}
