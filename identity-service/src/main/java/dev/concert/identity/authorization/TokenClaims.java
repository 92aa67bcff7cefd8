package dev.concert.identity.authorization;

import java.util.Collections;

import dev.concert.identity.account.Accounts;
import dev.concert.identity.keys.SigningKeys;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What every JWT carries beyond Spring's defaults ({@code iss}, {@code sub} = account id, {@code exp}, ...): the key id
 * of the signing key (several keys are published during a rotation), and for access tokens the API audience the
 * resource servers require. The email comes along for convenience; {@code sub} is the identity.
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String API_AUDIENCE = "concert-api";

    private final SigningKeys keys;
    private final Accounts accounts;

    TokenClaims(SigningKeys keys, Accounts accounts) {
        this.keys = keys;
        this.accounts = accounts;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.signingKid());
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        if (accessToken) {
            // a collection type the JSON of the stored authorization allows (List.of's is not on its list)
            context.getClaims().audience(Collections.singletonList(API_AUDIENCE));
        }
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if ((accessToken || idToken) && context.getPrincipal() instanceof UsernamePasswordAuthenticationToken user) {
            accounts.emailOf(user.getName()).ifPresent(email -> context.getClaims().claim("email", email));
        }
    }
}
