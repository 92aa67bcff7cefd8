package dev.concert.accesstoken;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache a request consults before it parses the token for its issuer (TrustedIssuers.knownAuthentication). */
class TrustedIssuersTest {

    private static final String ISSUER = "https://login.example.test";

    private HttpServer jwks;
    private RSAKey key;
    private TrustedIssuers issuers;

    @BeforeEach
    void an_issuer_publishing_its_key() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        URI uri = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
        issuers = new TrustedIssuers(new AccessTokenSettings("concert-api",
                Map.of("test", new AccessTokenSettings.TrustedIssuer(ISSUER, uri, null, true)), Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 20_000));
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private String token(UUID account) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), new JWTClaimsSet.Builder().issuer(ISSUER).subject(account.toString())
                .audience(List.of("concert-api")).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void a_token_is_known_only_after_its_issuer_verified_it() throws Exception {
        UUID account = UUID.randomUUID();
        String token = token(account);
        assertThat(issuers.knownAuthentication(token)).as("never verified").isNull();

        issuers.decoder(ISSUER).decode(token);

        assertThat(issuers.knownAuthentication(token).getName()).isEqualTo(account.toString());
    }

    @Test
    void a_token_altered_after_verification_is_not_known() throws Exception {
        String token = token(UUID.randomUUID());
        issuers.decoder(ISSUER).decode(token);
        String[] parts = token.split("\\.");
        String otherClaims = token(UUID.randomUUID()).split("\\.")[1];

        assertThat(issuers.knownAuthentication(parts[0] + "." + otherClaims + "." + parts[2])).isNull();
        assertThat(issuers.knownAuthentication(token + " ")).isNull();
    }
}
