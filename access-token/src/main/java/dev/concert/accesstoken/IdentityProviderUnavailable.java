package dev.concert.accesstoken;

import org.springframework.security.core.AuthenticationException;

/**
 * The token could not be checked because its issuer's keys cannot be fetched. Not an AuthenticationServiceException
 * on purpose: Spring Security rethrows those past the entry point (a bare 500), and this one must reach it to be
 * answered 503 {@code IDENTITY_PROVIDER_UNAVAILABLE} like every other refusal.
 */
public class IdentityProviderUnavailable extends AuthenticationException {

    public IdentityProviderUnavailable(Throwable cause) {
        super("the identity provider's keys cannot be fetched", cause);
    }
}
