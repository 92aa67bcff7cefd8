package dev.concert.wallet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configured bounds on money entering a wallet, in KRW.
 *
 * @param maxCharge  the largest single charge
 * @param maxBalance the largest balance a wallet may reach through charges (refunds may exceed it: money owed back
 *                   is never refused)
 */
@ConfigurationProperties(prefix = "wallet")
public record WalletLimits(@DefaultValue("1000000") long maxCharge, @DefaultValue("10000000") long maxBalance) {

    public WalletLimits {
        if (maxCharge <= 0 || maxBalance < maxCharge) {
            throw new IllegalArgumentException("need 0 < wallet.max-charge <= wallet.max-balance, got "
                    + maxCharge + " and " + maxBalance);
        }
    }
}
