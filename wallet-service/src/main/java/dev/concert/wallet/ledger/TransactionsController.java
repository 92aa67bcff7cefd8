package dev.concert.wallet.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.SignedInUser;
import dev.concert.wallet.WalletOwner;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/users/me/wallet/transactions}: the owner's ledger, newest first, paged. */
@RestController
class TransactionsController {

    private final Ledger ledger;

    TransactionsController(Ledger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/v1/users/{owner}/wallet/transactions")
    TransactionsResponse history(@PathVariable String owner, SignedInUser caller,
                                 @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "" + TransactionPage.DEFAULT_SIZE) int size) {
        UUID userId = WalletOwner.of(owner, caller);
        TransactionPage window;
        try {
            window = new TransactionPage(page, size);
        } catch (TransactionPage.InvalidPage e) {
            throw ApiProblem.badRequest("INVALID_PAGE", e.getMessage());
        }
        Ledger.Slice slice = ledger.history(userId, window);
        return new TransactionsResponse(slice.entries().stream().map(Transaction::of).toList(), window.page(),
                window.size(), slice.hasNext());
    }

    record TransactionsResponse(List<Transaction> items, int page, int size, boolean hasNext) {
    }

    record Transaction(UUID transactionId, EntryKind type, long amount, long balanceAfter, UUID paymentId,
                       UUID reservationId, Instant occurredAt) {
        static Transaction of(LedgerEntry e) {
            return new Transaction(e.entryId(), e.kind(), e.amount(), e.balanceAfter(), e.paymentId(),
                    e.reservationId(), e.createdAt());
        }
    }
}
