package dev.concert.payment.request;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param responseWait how long {@code POST /payments} waits for the saga's outcome before answering 202 PENDING
 *                     (0 answers at once), and the longest a {@code GET} sent with {@code Prefer: wait} waits
 * @param outcomePoll  while requests wait, how often one read looks for their payments settled by another instance
 *                     (a settlement in this instance wakes its request at once)
 */
@ConfigurationProperties(prefix = "payment")
public record PaymentSettings(@DefaultValue("2s") Duration responseWait, @DefaultValue("200ms") Duration outcomePoll) {

    public PaymentSettings {
        if (responseWait.isNegative() || responseWait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("payment.response-wait must be between 0 and 30s");
        }
        if (outcomePoll.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("payment.outcome-poll must be at least 10ms");
        }
    }
}
