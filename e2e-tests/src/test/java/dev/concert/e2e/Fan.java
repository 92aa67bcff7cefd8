package dev.concert.e2e;

import java.util.UUID;

import dev.concert.testing.PkceSignIn;

/**
 * A user of the stack: an account (its id is the access token's {@code sub}, and the id of everything the user owns),
 * the tokens of its last sign-in or refresh, and its queue token once it has one ({@link Api#issueQueueToken}).
 */
final class Fan {

    private final UUID id;
    private final String email;
    private final String password;
    private volatile PkceSignIn.Tokens tokens;
    private volatile long tokensAtNanos;
    private volatile String queueToken;

    Fan(UUID id, String email, String password, PkceSignIn.Tokens tokens) {
        this.id = id;
        this.email = email;
        this.password = password;
        tokens(tokens);
    }

    UUID id() {
        return id;
    }

    String email() {
        return email;
    }

    String password() {
        return password;
    }

    String accessToken() {
        return tokens.accessToken();
    }

    String refreshToken() {
        return tokens.refreshToken();
    }

    /** Seconds since the access token was obtained. */
    long accessTokenAgeSeconds() {
        return (System.nanoTime() - tokensAtNanos) / 1_000_000_000L;
    }

    void tokens(PkceSignIn.Tokens next) {
        if (next.accessToken() == null || next.accessToken().isBlank()) {
            throw new IllegalStateException("no access token in the token response");
        }
        tokens = next;
        tokensAtNanos = System.nanoTime();
    }

    private String room;

    String queueToken() {
        return queueToken;
    }

    void queueToken(String token) {
        queueToken = token;
    }

    /** The waiting room the fan's queue token is for: the id of the schedule whose seats they want. */
    String room() {
        return room;
    }

    void room(String scheduleId) {
        room = scheduleId;
    }

    /**
     * The access token alone: the catalog, reading what the user owns, the wallet, cancelling, issuing a queue token.
     */
    Api.As signedIn() {
        return Api.As.accessToken(accessToken());
    }

    /** The access token and the queue token: the queue, and the room's seats, holds and payments. */
    Api.As inQueue() {
        return new Api.As(accessToken(), queueToken);
    }

    @Override
    public String toString() {
        return email + " (" + id + ")";
    }
}
