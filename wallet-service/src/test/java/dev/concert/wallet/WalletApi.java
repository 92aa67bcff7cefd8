package dev.concert.wallet;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.concert.testing.ServiceHttp;
import dev.concert.testing.TestIssuer;

/**
 * wallet-service's API as a client calls it: signed in with an access token of the test issuer, the wallet named
 * {@code me} in the path as clients name it.
 */
public final class WalletApi extends ServiceHttp {

    public WalletApi(int port) {
        super(port);
    }

    /** The {@code Authorization} header of a genuine access token for this user. */
    public static Map<String, String> signedIn(UUID userId) {
        return TestIssuer.shared().bearer(userId);
    }

    /** A genuine access token for this user plus an Idempotency-Key (fresh for every call). */
    public static Map<String, String> signedInWithKey(UUID userId) {
        return signedInWithKey(userId, UUID.randomUUID().toString());
    }

    public static Map<String, String> signedInWithKey(UUID userId, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>(signedIn(userId));
        headers.put("Idempotency-Key", idempotencyKey);
        return headers;
    }

    public Reply balance(UUID userId) {
        return get("/api/v1/users/me/wallet", signedIn(userId));
    }

    public Reply charge(UUID userId, String idempotencyKey, long amount) {
        return post("/api/v1/users/me/wallet/charges", signedInWithKey(userId, idempotencyKey),
                "{\"amount\":" + amount + "}");
    }

    public Reply charge(UUID userId, long amount) {
        return charge(userId, UUID.randomUUID().toString(), amount);
    }

    public Reply transactions(UUID userId, String query) {
        return get("/api/v1/users/me/wallet/transactions" + (query.isEmpty() ? "" : "?" + query), signedIn(userId));
    }
}
