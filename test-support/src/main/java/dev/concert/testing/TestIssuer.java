package dev.concert.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An identity provider for tests: real RSA keys, a real JWK set served over HTTP, tokens signed like any OIDC
 * provider's. The services verify its tokens with the very code production runs (no mocked decoder); tests can
 * rotate, retire and forge keys and claims to show what is refused.
 */
public final class TestIssuer {

    public static final String AUDIENCE = "concert-api";

    private static final AtomicInteger KEY_IDS = new AtomicInteger();
    private static volatile TestIssuer shared;

    private final String issuer;
    private final HttpServer server;
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private volatile RSAKey signing;

    private TestIssuer(String issuer) {
        this.issuer = issuer;
        this.signing = newKey();
        this.published.add(signing);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            byte[] body = new JWKSet(published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
                    .toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The JVM's one test issuer, the one the services' test contexts trust (see {@link Registration}). */
    public static TestIssuer shared() {
        if (shared == null) {
            synchronized (TestIssuer.class) {
                if (shared == null) {
                    shared = new TestIssuer("https://issuer.test/" + UUID.randomUUID());
                }
            }
        }
        return shared;
    }

    /** Another, independent issuer with its own keys (stop it when done). */
    public static TestIssuer another(String issuer) {
        return new TestIssuer(issuer);
    }

    public String issuer() {
        return issuer;
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public void stop() {
        server.stop(0);
    }

    // ---- tokens ------------------------------------------------------------------------------------------------

    /** A genuine access token for this account, valid for 15 minutes. */
    public String accessToken(UUID account) {
        return token(account, claims -> { });
    }

    /** The {@code Authorization} header of a genuine access token for this account. */
    public Map<String, String> bearer(UUID account) {
        return Map.of("Authorization", "Bearer " + accessToken(account));
    }

    /** A token for this account with claims changed by the test, signed with the current key. */
    public String token(UUID account, Consumer<JWTClaimsSet.Builder> change) {
        return sign(signing, claims(account, change));
    }

    public JWTClaimsSet claims(UUID account, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(account.toString())
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
        change.accept(claims);
        return claims.build();
    }

    /** Signs any claims with any key (published or not). */
    public static String sign(RSAKey key, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    // ---- keys --------------------------------------------------------------------------------------------------

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("test-key-" + KEY_IDS.incrementAndGet()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAKey signingKey() {
        return signing;
    }

    /** Rotation: a new key signs from now on and is published beside the old one. Returns the old key. */
    public RSAKey rotate() {
        RSAKey old = signing;
        RSAKey next = newKey();
        published.add(next);
        signing = next;
        return old;
    }

    /** The end of a retired key's grace: no longer published. */
    public void retire(RSAKey key) {
        published.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
    }

    /**
     * Trusts {@link #shared()} in a test's application context, as an operator would trust any provider: by its
     * issuer and JWK set URI. New key ids are fetched at once (no refresh limit) and the key cache is short, so
     * rotation tests need not wait minutes.
     */
    public static final class Registration implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestIssuer issuer = shared();
            TestPropertyValues.of(
                    "concert.access-token.issuers.test.issuer=" + issuer.issuer(),
                    "concert.access-token.issuers.test.jwk-set-uri=" + issuer.jwkSetUri(),
                    "concert.access-token.issuers.test.subject-is-account-id=true",
                    "concert.access-token.jwk-refresh-min-interval=0s",
                    "concert.access-token.jwk-cache-ttl=2s",
                    "concert.access-token.verified-token-ttl=1s").applyTo(context);
        }
    }
}
