package dev.concert.payment.request;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=5}): how many seconds a client is willing to wait for
 * a pending payment's outcome instead of polling. A preference is a hint: a malformed one is ignored (RFC 7240 §2),
 * and the server caps what it grants ({@code payment.response-wait}).
 */
record PreferWait(Duration seconds) {

    static final String HEADER = "Prefer";
    static final String APPLIED_HEADER = "Preference-Applied";

    static Optional<PreferWait> from(String header) {
        if (header == null || header.length() > 256) {
            return Optional.empty();
        }
        for (String preference : header.split(",")) {
            String first = preference.split(";", 2)[0].trim();
            int eq = first.indexOf('=');
            if (eq < 0 || !first.substring(0, eq).trim().equalsIgnoreCase("wait")) {
                continue;
            }
            String value = first.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            return Optional.of(new PreferWait(Duration.ofSeconds(Long.parseLong(value))));
        }
        return Optional.empty();
    }
}
