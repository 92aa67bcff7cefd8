package dev.concert.wallet;

import java.util.UUID;

import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.SignedInUser;

/**
 * A wallet is only ever read or charged by its owner, the signed-in user. The path names the wallet as {@code me}
 * (what clients use) or by the owner's id (kept for old clients): any other id is a 403, whatever the caller writes.
 */
public final class WalletOwner {

    public static final String ME = "me";

    private WalletOwner() {
    }

    /** The wallet's owner for a path segment, if the caller may use it. */
    public static UUID of(String pathOwner, SignedInUser caller) {
        if (ME.equals(pathOwner)) {
            return caller.id();
        }
        UUID named;
        try {
            named = UUID.fromString(pathOwner);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("MALFORMED_PARAMETER", "name the wallet as 'me'");
        }
        if (!named.equals(caller.id())) {
            throw ApiProblem.forbidden("NOT_YOUR_WALLET", "a wallet can only be used by its owner");
        }
        return named;
    }
}
