package dev.concert.wallet.charge;

import java.util.UUID;

import dev.concert.platform.web.CallerIdentity;
import dev.concert.platform.web.IdempotencyKey;
import dev.concert.wallet.WalletOwner;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/users/{userId}/wallet/charges {amount}} with an Idempotency-Key header. */
@RestController
class ChargeController {

    private final Charging charging;

    ChargeController(Charging charging) {
        this.charging = charging;
    }

    /** 200 with the receipt, for the first attempt and for every retry with the same key alike. */
    @PostMapping("/api/v1/users/{userId}/wallet/charges")
    ChargeReceipt charge(@PathVariable UUID userId, @RequestHeader(CallerIdentity.USER_HEADER) UUID caller,
                         @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey, @RequestBody ChargeRequest request) {
        WalletOwner.check(userId, caller);
        return charging.charge(userId, idempotencyKey, request.amount());
    }

    record ChargeRequest(Long amount) {
    }
}
