package dev.concert.payment.request;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.payment.Payments;
import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.QueueRoom;
import dev.concert.platform.web.SignedInUser;
import dev.concert.platform.web.IdempotencyKey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/payments {reservationId}} with an Idempotency-Key, {@code GET /api/v1/payments/{id}} and the
 * caller's list {@code GET /api/v1/payments}. Paying happens in the waiting room of the hold's sale
 * ({@link QueueRoom}); reading one's payments needs no room. */
@RestController
class PaymentController {

    private final PaymentRequests requests;
    private final Payments payments;

    PaymentController(PaymentRequests requests, Payments payments) {
        this.requests = requests;
        this.payments = payments;
    }

    /** 200 with the outcome if the saga settles within the configured wait, else 202 with the PENDING payment. */
    @PostMapping("/api/v1/payments")
    ResponseEntity<PaymentResponse> pay(SignedInUser caller,
                                        @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
                                        @RequestBody PayRequest body,
                                        QueueRoom room) {
        if (body.reservationId() == null) {
            throw ApiProblem.badRequest("VALIDATION_FAILED", "reservationId is required");
        }
        Payment payment = requests.pay(caller.id(), room, idempotencyKey, body.reservationId());
        return ResponseEntity.status(payment.status().isSettled() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/payments/" + payment.paymentId()))
                .body(PaymentResponse.of(payment));
    }

    /**
     * The payment. With {@code Prefer: wait=N} (RFC 7240) a PENDING payment is answered once it settles or after N
     * seconds (at most the configured response wait), so a client waiting for an outcome needs no tight polling.
     */
    @GetMapping("/api/v1/payments/{paymentId}")
    ResponseEntity<PaymentResponse> payment(@PathVariable UUID paymentId, SignedInUser caller,
                                            @RequestHeader(name = PreferWait.HEADER, required = false) String prefer) {
        // another user's payment is as absent as one that does not exist: a 403 would say that the id is real
        Payment payment = payments.find(paymentId)
                .filter(p -> p.userId().equals(caller.id()))
                .orElseThrow(() -> ApiProblem.notFound("PAYMENT_NOT_FOUND", "you have no payment " + paymentId));
        Optional<PreferWait> wait = PreferWait.from(prefer);
        if (wait.isEmpty()) {
            return ResponseEntity.ok(PaymentResponse.of(payment));
        }
        Payment outcome = requests.awaitOutcome(payment, wait.get().seconds());
        return ResponseEntity.ok()
                .header(PreferWait.APPLIED_HEADER, "wait=" + wait.get().seconds().toSeconds())
                .body(PaymentResponse.of(outcome));
    }

    /** The caller's payments, newest first: what they paid stays visible after their queue token ended. */
    @GetMapping("/api/v1/payments")
    List<PaymentResponse> mine(SignedInUser caller, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw ApiProblem.badRequest("VALIDATION_FAILED", "limit must be between 1 and 200");
        }
        return payments.ofUser(caller.id(), limit).stream().map(PaymentResponse::of).toList();
    }

    record PayRequest(UUID reservationId) {
    }

    record PaymentResponse(UUID paymentId, UUID reservationId, long amount, PaymentStatus status,
                           String failureReason, Instant createdAt, Instant updatedAt, Instant finishedAt) {
        static PaymentResponse of(Payment p) {
            return new PaymentResponse(p.paymentId(), p.reservationId(), p.amount(), p.status(), p.failureReason(),
                    p.createdAt(), p.updatedAt(), p.finishedAt());
        }
    }
}
