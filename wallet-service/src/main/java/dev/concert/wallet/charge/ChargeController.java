package dev.concert.wallet.charge;

import java.util.UUID;

import dev.concert.platform.web.SignedInUser;
import dev.concert.platform.web.IdempotencyKey;
import dev.concert.wallet.WalletOwner;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/users/me/wallet/charges {amount}} with an Idempotency-Key header. */
@RestController
class ChargeController {

    private final Charging charging;

    ChargeController(Charging charging) {
        this.charging = charging;
    }

    /** 200 with the receipt, for the first attempt and for every retry with the same key alike. */
    @PostMapping("/api/v1/users/{owner}/wallet/charges")
    ChargeReceipt charge(@PathVariable String owner, SignedInUser caller,
                         @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey, @RequestBody ChargeRequest request) {
        UUID userId = WalletOwner.of(owner, caller);
        return charging.charge(userId, idempotencyKey, request.amount());
    }

    record ChargeRequest(Long amount) {
    }
}
