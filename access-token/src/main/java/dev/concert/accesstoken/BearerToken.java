package dev.concert.accesstoken;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;

/**
 * The access token of an {@code Authorization: Bearer} header, read by the same rule as Spring Security's
 * resolvers (RFC 6750's b64token: {@code [A-Za-z0-9-._~+/]+=*}, the scheme in any case) without their regular
 * expression: matching it over an 800-character token was 4–5 % of a service's CPU per request (docs/benchmarks.md).
 * Used by the gateway and by every service, so both refuse exactly the same headers.
 */
public final class BearerToken {

    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    /**
     * The token, or {@code null} when the header is absent or names another scheme (the request is then
     * unauthenticated, answered 401 by the entry point); a bearer header whose token is malformed is refused.
     */
    public static String from(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
            return null;
        }
        if (authorization.length() <= SCHEME.length() || authorization.charAt(SCHEME.length() - 1) != ' ') {
            throw malformed();
        }
        int end = authorization.length();
        while (end > SCHEME.length() && authorization.charAt(end - 1) == '=') {
            end--;
        }
        if (end == SCHEME.length()) {
            throw malformed();
        }
        for (int i = SCHEME.length(); i < end; i++) {
            if (!isTokenChar(authorization.charAt(i))) {
                throw malformed();
            }
        }
        return authorization.substring(SCHEME.length());
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
