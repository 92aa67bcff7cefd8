package dev.concert.queuestatus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a status answer depends on. queue-service owns them (its configuration) and publishes them to Redis
 * next to the queue ({@link #encode()}, key {@code <prefix>status-rules}), so that whoever answers a status poll —
 * queue-service itself or the gateway at the edge — reads the data and the rules in the same round trip and
 * nobody else has to be configured alike.
 *
 * @param capacity             how many tokens may be ACTIVE at once
 * @param idleTimeout          how long an ACTIVE token may stay unused
 * @param admissionsPerSecond  the configured admission rate (all instances together)
 * @param rateWindow           the window over which the admission rate is measured
 */
public record StatusRules(int capacity, Duration idleTimeout, double admissionsPerSecond, Duration rateWindow,
                          Polling polling) {

    /** The format of {@link #encode()}; a reader that meets another version leaves the answer to queue-service. */
    public static final int VERSION = 1;

    /**
     * The pollAfterSeconds rule: within {@code nearHead} places of the head poll every {@code minimum}; beyond
     * {@code farBack} places at least every {@code farBackSeconds}; in between about ten polls per estimated wait.
     */
    public record Polling(int minimum, int maximum, long nearHead, long farBack, int farBackSeconds,
                          int activeSeconds, int expiredSeconds) {
    }

    /** {@code v=1;capacity=100;idleTimeoutMs=600000;...}: readable with redis-cli, fields added at the end. */
    public String encode() {
        return "v=" + VERSION + ";capacity=" + capacity + ";idleTimeoutMs=" + idleTimeout.toMillis()
                + ";admissionsPerSecond=" + admissionsPerSecond + ";rateWindowMs=" + rateWindow.toMillis()
                + ";pollMinimum=" + polling.minimum() + ";pollMaximum=" + polling.maximum()
                + ";nearHead=" + polling.nearHead() + ";farBack=" + polling.farBack()
                + ";farBackSeconds=" + polling.farBackSeconds() + ";activeSeconds=" + polling.activeSeconds()
                + ";expiredSeconds=" + polling.expiredSeconds();
    }

    /** The rules in {@code encoded}, or empty when absent, of another version or incomplete. */
    public static Optional<StatusRules> decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : encoded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (!Integer.toString(VERSION).equals(fields.get("v"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StatusRules(Integer.parseInt(fields.get("capacity")),
                    Duration.ofMillis(Long.parseLong(fields.get("idleTimeoutMs"))),
                    Double.parseDouble(fields.get("admissionsPerSecond")),
                    Duration.ofMillis(Long.parseLong(fields.get("rateWindowMs"))),
                    new Polling(Integer.parseInt(fields.get("pollMinimum")),
                            Integer.parseInt(fields.get("pollMaximum")), Long.parseLong(fields.get("nearHead")),
                            Long.parseLong(fields.get("farBack")), Integer.parseInt(fields.get("farBackSeconds")),
                            Integer.parseInt(fields.get("activeSeconds")),
                            Integer.parseInt(fields.get("expiredSeconds")))));
        } catch (RuntimeException incomplete) { // a missing field (null) or a garbled number
            return Optional.empty();
        }
    }
}
