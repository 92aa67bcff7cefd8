package dev.concert.accesstoken;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The platform's account id for a verified token's issuer and subject. The services key everything (wallets, holds,
 * queue places) by a UUID; an identity provider's subject may be anything ({@code auth0|5f7c...}), and two providers
 * may use the same subject for different people, so the id is derived from both unless the issuer is the platform's
 * own, whose subjects are the account ids.
 */
public final class AccountIds {

    private AccountIds() {
    }

    public static UUID of(String issuer, String subject, boolean subjectIsAccountId) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("the token has no subject");
        }
        if (subjectIsAccountId) {
            UUID id = UUID.fromString(subject);
            // UUID.fromString also takes shortened forms ("1-2-3-4-5"): only the canonical text is an account id
            if (!id.toString().equals(subject.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the token's subject is not an account id");
            }
            return id;
        }
        return UUID.nameUUIDFromBytes((issuer + '\n' + subject).getBytes(StandardCharsets.UTF_8));
    }
}
