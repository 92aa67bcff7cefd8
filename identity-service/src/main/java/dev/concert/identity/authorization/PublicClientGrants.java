package dev.concert.identity.authorization;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A public client (no secret) at the token endpoint for a grant other than authorization_code, which Spring
 * Authorization Server authenticates only through PKCE. For the refresh_token grant, the one that matters, the
 * client is identified by its client_id alone: a public client has nothing more to prove, the refresh token itself
 * is the proof (OAuth 2.1 §4.3.1), and rotation makes a stolen one short-lived. Any other grant is then refused by the
 * token endpoint as usual (unsupported_grant_type, unauthorized_client) rather than as a client-authentication failure.
 */
final class PublicClientGrants {

    private PublicClientGrants() {
    }

    /** Reads {@code client_id} without {@code client_secret}/{@code client_assertion}/Authorization header. */
    static final class Converter implements AuthenticationConverter {

        @Override
        public Authentication convert(HttpServletRequest request) {
            if (!"POST".equals(request.getMethod())) {
                return null;
            }
            String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
            if (grantType == null || AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(grantType)) {
                return null;
            }
            String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
            if (clientIds == null || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
                return null;
            }
            if (clientIds.length != 1 || clientIds[0].isBlank()) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
            }
            Map<String, Object> parameters = new HashMap<>();
            request.getParameterMap().forEach((name, values) -> {
                if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
                    parameters.put(name, values.length == 1 ? values[0] : values);
                }
            });
            return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
                    parameters);
        }
    }

    /** Authenticates what {@link Converter} read: a registered client whose authentication method is "none". */
    static final class Provider implements AuthenticationProvider {

        private final RegisteredClientRepository clients;

        Provider(RegisteredClientRepository clients) {
            this.clients = clients;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
            Object grantType = client.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE);
            if (!ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod()) || grantType == null
                    || AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(grantType)) {
                return null; // PKCE (PublicClientAuthenticationProvider) or a confidential client
            }
            RegisteredClient registered = clients.findByClientId(String.valueOf(client.getPrincipal()));
            if (registered == null
                    || !registered.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
                        "Client authentication failed: client_id", null));
            }
            return new OAuth2ClientAuthenticationToken(registered, ClientAuthenticationMethod.NONE, null);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
