package dev.concert.identity.keys;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/** One RS256 signing key pair; active while {@code retiredAt} is null. */
public record SigningKey(String kid, RSAPublicKey publicKey, RSAPrivateKey privateKey, Instant createdAt,
                         Instant retiredAt) {

    public static SigningKey generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(UUID.randomUUID().toString(), (RSAPublicKey) pair.getPublic(),
                    (RSAPrivateKey) pair.getPrivate(), now, null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static SigningKey decode(String kid, String privateKey, String publicKey, Instant createdAt, Instant retiredAt) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new SigningKey(kid,
                    (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
                    (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))),
                    createdAt, retiredAt);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("signing key " + kid + " cannot be read", e);
        }
    }

    String encodedPrivateKey() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    String encodedPublicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public boolean active() {
        return retiredAt == null;
    }

    /** Null while active: a key is published until every token it may have signed has expired. */
    public Instant publishedUntil(Duration afterRetirement) {
        return retiredAt == null ? null : retiredAt.plus(afterRetirement);
    }

    boolean publishedAt(Instant now, Duration afterRetirement) {
        return retiredAt == null || now.isBefore(retiredAt.plus(afterRetirement));
    }

    RSAKey jwk() {
        return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).issueTime(Date.from(createdAt)).build();
    }
}
