package dev.concert.gateway.token;

import java.util.Locale;

import org.springframework.cloud.gateway.route.Route;

/**
 * What a route asks of the caller's queue token ({@code Queue-Token} header), from the route's
 * {@code metadata.token}, besides the access token every {@code /api/**} route but sign-up needs. A route that says
 * nothing needs ACTIVE: forgetting the metadata closes a route rather than opening it.
 */
public enum TokenRequirement {
    /** Token issue, what a fan owns (reservations, payments, wallet, cancelling), sign-in: no queue token. */
    NONE,
    /** Queue status and leaving: a genuine, unexpired token of the signed-in user, whatever its state. */
    VALID,
    /** Concerts, seats, reservations, payments: a token that is ACTIVE right now. */
    ACTIVE;

    public static final String METADATA_KEY = "token";

    public static TokenRequirement of(Route route) {
        Object value = route == null ? null : route.getMetadata().get(METADATA_KEY);
        return value == null ? ACTIVE : valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
    }
}
