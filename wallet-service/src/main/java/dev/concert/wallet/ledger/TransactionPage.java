package dev.concert.wallet.ledger;

/**
 * Which slice of a wallet's history to show. Bounded so that a client cannot ask for a million rows or make the
 * database skip through them.
 */
public record TransactionPage(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 10_000;

    public TransactionPage {
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidPage("page must be between 0 and " + MAX_PAGE);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidPage("size must be between 1 and " + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) page * size;
    }

    public static final class InvalidPage extends RuntimeException {
        InvalidPage(String message) {
            super(message);
        }
    }
}
