package dev.concert.wallet;

import java.util.Map;
import java.util.UUID;

import dev.concert.testing.ServiceHttp;

/** wallet-service's API as a client (the gateway, here the test) calls it, with the caller in X-User-Id. */
public final class WalletApi extends ServiceHttp {

    public WalletApi(int port) {
        super(port);
    }

    public Reply balance(UUID userId) {
        return get("/api/v1/users/" + userId + "/wallet", Map.of("X-User-Id", userId.toString()));
    }

    public Reply charge(UUID userId, String idempotencyKey, long amount) {
        return post("/api/v1/users/" + userId + "/wallet/charges",
                Map.of("X-User-Id", userId.toString(), "Idempotency-Key", idempotencyKey),
                "{\"amount\":" + amount + "}");
    }

    public Reply charge(UUID userId, long amount) {
        return charge(userId, UUID.randomUUID().toString(), amount);
    }
}
