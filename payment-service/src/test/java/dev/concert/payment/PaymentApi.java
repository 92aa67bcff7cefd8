package dev.concert.payment;

import java.util.Map;
import java.util.UUID;

import dev.concert.testing.ServiceHttp;

/** payment-service's API as a client (the gateway, here the test) calls it, with the caller in X-User-Id. */
public final class PaymentApi extends ServiceHttp {

    public PaymentApi(int port) {
        super(port);
    }

    public Reply pay(UUID userId, String idempotencyKey, UUID reservationId) {
        return post("/api/v1/payments", Map.of("X-User-Id", userId.toString(), "Idempotency-Key", idempotencyKey),
                "{\"reservationId\":\"" + reservationId + "\"}");
    }

    public Reply pay(UUID userId, UUID reservationId) {
        return pay(userId, UUID.randomUUID().toString(), reservationId);
    }

    public Reply payment(UUID userId, UUID paymentId) {
        return get("/api/v1/payments/" + paymentId, Map.of("X-User-Id", userId.toString()));
    }
}
