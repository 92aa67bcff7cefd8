package dev.concert.payment;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.concert.platform.web.QueueRoom;
import dev.concert.testing.ServiceHttp;
import dev.concert.testing.TestIssuer;

/**
 * payment-service's API as a client calls it through the gateway: signed in with an access token of the test issuer,
 * and a payment made from inside a waiting room, the {@code X-Queue-Room} the gateway relays from the queue token.
 */
public final class PaymentApi extends ServiceHttp {

    public PaymentApi(int port) {
        super(port);
    }

    /** The {@code Authorization} header of a genuine access token for this user. */
    public static Map<String, String> signedIn(UUID userId) {
        return TestIssuer.shared().bearer(userId);
    }

    /** A genuine access token for this user plus this Idempotency-Key. */
    public static Map<String, String> signedInWithKey(UUID userId, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>(signedIn(userId));
        headers.put("Idempotency-Key", idempotencyKey);
        return headers;
    }

    /** What the gateway sends for a payment of a fan its queue let into {@code room}'s sale (a schedule id). */
    public static Map<String, String> inRoom(UUID userId, UUID room, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>(signedInWithKey(userId, idempotencyKey));
        headers.put(QueueRoom.HEADER, room.toString());
        return headers;
    }

    /** Pays for the reservation from inside the waiting room of {@code room}'s sale. */
    public Reply pay(UUID userId, UUID room, String idempotencyKey, UUID reservationId) {
        return post("/api/v1/payments", inRoom(userId, room, idempotencyKey),
                "{\"reservationId\":\"" + reservationId + "\"}");
    }

    public Reply pay(UUID userId, UUID room, UUID reservationId) {
        return pay(userId, room, UUID.randomUUID().toString(), reservationId);
    }

    public Reply payment(UUID userId, UUID paymentId) {
        return get("/api/v1/payments/" + paymentId, signedIn(userId));
    }

    /** {@code GET /api/v1/payments/{id}} with a {@code Prefer} header ({@code wait=N}: wait for the outcome). */
    public Reply payment(UUID userId, UUID paymentId, String prefer) {
        Map<String, String> headers = new HashMap<>(signedIn(userId));
        headers.put("Prefer", prefer);
        return get("/api/v1/payments/" + paymentId, headers);
    }

    /** {@code GET /api/v1/payments}, the caller's payments newest first; {@code query} like "limit=5" or "". */
    public Reply payments(UUID userId, String query) {
        return get("/api/v1/payments" + (query.isEmpty() ? "" : "?" + query), signedIn(userId));
    }
}
