package dev.concert.queue;

import java.time.Duration;
import java.util.List;

import dev.concert.queuestatus.StatusRules;
import dev.concert.token.ConfiguredKey;
import dev.concert.token.SigningKeys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything about the queue that operators tune. Environment variables bind by name
 * ({@code QUEUE_ACTIVE_CAPACITY} → {@code queue.active.capacity}); application.yml lists them with their defaults.
 */
@ConfigurationProperties("queue")
public record QueueSettings(
        @DefaultValue("{queue}:") String keyPrefix,
        @DefaultValue TokenSettings token,
        @DefaultValue ActiveSettings active,
        @DefaultValue AdmissionSettings admission,
        @DefaultValue ExpirySettings expiry,
        @DefaultValue PollingSettings polling,
        @DefaultValue StreamSettings stream) {

    public QueueSettings {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new IllegalArgumentException("queue.key-prefix must not be empty");
        }
    }

    /** What a status answer depends on; published to Redis for the gateway (see StatusRules). */
    public StatusRules statusRules() {
        return new StatusRules(active.capacity(), active.idleTimeout(), admission.configuredPerSecond(),
                admission.rateWindow(), new StatusRules.Polling(polling.minimum(), polling.maximum(),
                polling.nearHead(), polling.farBack(), polling.farBackSeconds(), polling.activeSeconds(),
                polling.expiredSeconds()));
    }

    /**
     * Signing keys: {@code activeKeyId} signs new tokens; every listed key verifies until its {@code verifiesUntil}
     * (none: forever), which is how a rotation keeps the previous key's tokens valid for a grace period.
     */
    public record TokenSettings(@DefaultValue("k1") String activeKeyId, List<ConfiguredKey> keys,
                                @DefaultValue("PT6H") Duration lifetime,
                                @DefaultValue("PT30M") Duration expiredRetention) {

        /** Read the same way as the gateway reads them (queue-token). */
        public SigningKeys signingKeys() {
            return SigningKeys.fromConfiguration(activeKeyId, keys);
        }
    }

    /**
     * How many users may be ACTIVE at once, how long an ACTIVE user may stay idle, and how soon an admitted user must
     * claim the place (a first request on an ACTIVE route) before it goes to the next in line: places taken and never
     * used would otherwise stop admission for everyone for a whole idle timeout. A claim window at least as long as
     * the idle timeout means no claim rule.
     */
    public record ActiveSettings(@DefaultValue("100") int capacity, @DefaultValue("PT10M") Duration idleTimeout,
                                 @DefaultValue("PT60S") Duration claimWindow) {
        public ActiveSettings {
            if (capacity < 1) {
                throw new IllegalArgumentException("queue.active.capacity must be at least 1");
            }
            if (claimWindow.isNegative() || claimWindow.isZero()) {
                throw new IllegalArgumentException("queue.active.claim-window must be positive");
            }
        }

        /**
         * How far before its admission an admitted token's activity score is set: it then falls idle, and goes, at
         * the end of the claim window unless a request claims it first (the gateway's first touch rewrites the
         * score to now, and a score before the admission time is how the expiry tells NOT_CLAIMED from IDLE).
         */
        public Duration unclaimedHeadStart() {
            return claimWindow.compareTo(idleTimeout) >= 0 ? Duration.ZERO : idleTimeout.minus(claimWindow);
        }
    }

    /** At most {@code batchSize} admissions per {@code interval} across all instances together. */
    public record AdmissionSettings(@DefaultValue("PT1S") Duration interval, @DefaultValue("20") int batchSize,
                                    @DefaultValue("PT60S") Duration rateWindow) {
        public AdmissionSettings {
            if (batchSize < 1 || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("queue.admission needs batch-size >= 1 and a positive interval");
            }
        }

        public double configuredPerSecond() {
            return batchSize * 1000.0 / interval.toMillis();
        }
    }

    public record ExpirySettings(@DefaultValue("PT5S") Duration interval, @DefaultValue("500") int batchSize) {
    }

    /**
     * The pollAfterSeconds hint: within {@code nearHead} places of the head poll every {@code minimum}; beyond
     * {@code farBack} places at least every {@code farBackSeconds}; in between about ten polls per estimated wait.
     */
    public record PollingSettings(@DefaultValue("1") int minimum, @DefaultValue("30") int maximum,
                                  @DefaultValue("20") long nearHead, @DefaultValue("1000") long farBack,
                                  @DefaultValue("10") int farBackSeconds, @DefaultValue("15") int activeSeconds,
                                  @DefaultValue("60") int expiredSeconds) {
    }

    public record StreamSettings(@DefaultValue("PT10M") Duration maxDuration, @DefaultValue("5000") int maxStreams,
                                 @DefaultValue("PT15S") Duration heartbeat) {
    }
}
