package dev.concert.payment.request;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.payment.Payments;
import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.CallerIdentity;
import dev.concert.platform.web.IdempotencyKey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/payments {reservationId}} with an Idempotency-Key, and {@code GET /api/v1/payments/{id}}. */
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
    ResponseEntity<PaymentResponse> pay(@RequestHeader(CallerIdentity.USER_HEADER) UUID caller,
                                        @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
                                        @RequestBody PayRequest body) {
        if (body.reservationId() == null) {
            throw ApiProblem.badRequest("VALIDATION_FAILED", "reservationId is required");
        }
        Payment payment = requests.awaitOutcome(requests.request(caller, idempotencyKey, body.reservationId()));
        return ResponseEntity.status(payment.status().isSettled() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/payments/" + payment.paymentId()))
                .body(PaymentResponse.of(payment));
    }

    @GetMapping("/api/v1/payments/{paymentId}")
    PaymentResponse payment(@PathVariable UUID paymentId, @RequestHeader(CallerIdentity.USER_HEADER) UUID caller) {
        Payment payment = payments.find(paymentId)
                .orElseThrow(() -> ApiProblem.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId));
        if (!payment.userId().equals(caller)) {
            throw ApiProblem.forbidden("NOT_YOUR_PAYMENT", "a payment can only be read by the user who made it");
        }
        return PaymentResponse.of(payment);
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
