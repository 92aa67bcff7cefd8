package dev.concert.payment.reconciliation;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a PENDING payment is reconciled and whom it asks.
 *
 * @param deadline         a payment PENDING longer than this is reconciled (issue: every payment ends within 2 min)
 * @param interval         how often each instance looks for such payments
 * @param batchSize        payments per look
 * @param walletServiceUrl base URL of wallet-service's internal API
 * @param callTimeout      connect and answer timeout of each internal call
 */
@ConfigurationProperties(prefix = "payment.reconciliation")
public record ReconciliationSettings(@DefaultValue("2m") Duration deadline, @DefaultValue("15s") Duration interval,
                                     @DefaultValue("50") int batchSize,
                                     @DefaultValue("http://127.0.0.1:8084") URI walletServiceUrl,
                                     @DefaultValue("2s") Duration callTimeout) {
}
