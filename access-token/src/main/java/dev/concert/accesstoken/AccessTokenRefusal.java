package dev.concert.accesstoken;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * Why a request's access token was not accepted, as the gateway and the services answer it: the status, the
 * stable problem code and a sentence for a human. One classification for both, so a client sees the same answer
 * whether the gateway or a service refused it.
 */
public enum AccessTokenRefusal {

    MISSING(401, "ACCESS_TOKEN_MISSING",
            "sign in first: send 'Authorization: Bearer <access token>' from the identity provider"),
    EXPIRED(401, "ACCESS_TOKEN_EXPIRED", "the access token has expired: refresh it or sign in again"),
    INVALID(401, "ACCESS_TOKEN_INVALID", "the access token is not one this platform accepts"),
    PROVIDER_UNAVAILABLE(503, "IDENTITY_PROVIDER_UNAVAILABLE",
            "the identity provider's keys cannot be fetched right now; retry shortly");

    private final int status;
    private final String code;
    private final String detail;

    AccessTokenRefusal(int status, String code, String detail) {
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    /** The {@code WWW-Authenticate} challenge of a 401 (RFC 6750); null for other statuses. */
    public String challenge() {
        return switch (this) {
            case MISSING -> "Bearer realm=\"concert\"";
            case EXPIRED, INVALID -> "Bearer realm=\"concert\", error=\"invalid_token\"";
            case PROVIDER_UNAVAILABLE -> null;
        };
    }

    /** The sentence for a human: ours, and for a refused token what the check found ("Jwt expired at ..."). */
    public String detail(AuthenticationException failure) {
        if ((this == INVALID || this == EXPIRED) && failure instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null) {
            return detail + " (" + oauth.getError().getDescription() + ")";
        }
        return detail;
    }

    public static AccessTokenRefusal of(AuthenticationException failure) {
        if (failure instanceof IdentityProviderUnavailable || failure instanceof AuthenticationServiceException) {
            return PROVIDER_UNAVAILABLE;
        }
        if (!(failure instanceof OAuth2AuthenticationException)) {
            // no bearer token at all reaches the entry point as InsufficientAuthenticationException
            return MISSING;
        }
        // JwtTimestampValidator's wording ("Jwt expired at ..."), somewhere in the chain: the only way Spring
        // Security tells expiry apart
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                    ? oauth.getError().getDescription() : t.getMessage();
            if (text != null && text.contains("Jwt expired")) {
                return EXPIRED;
            }
        }
        return INVALID;
    }
}
