package dev.concert.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Verifies tokens as a resource server would: the signature against the published JWK set, with nimbus-jose-jwt. */
public final class TokenVerification {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TokenVerification() {
    }

    /** The JWK set as identity-service publishes it now. */
    public static JWKSet jwks(String authBase) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(authBase + "/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("JWK set answered " + response.statusCode());
        }
        return JWKSet.parse(response.body());
    }

    public static List<String> publishedKids(String authBase) throws Exception {
        return jwks(authBase).getKeys().stream().map(JWK::getKeyID).toList();
    }

    /** The token's claims if its signature verifies with a published key; an exception otherwise. */
    public static JWTClaimsSet verified(String token, String authBase) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = jwks(authBase).getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            throw new IllegalStateException("kid " + jwt.getHeader().getKeyID() + " is not published");
        }
        if (!jwt.verify(new RSASSAVerifier((RSAKey) key))) {
            throw new IllegalStateException("signature does not verify");
        }
        return jwt.getJWTClaimsSet();
    }

    public static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }
}
