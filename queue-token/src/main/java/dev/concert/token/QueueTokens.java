package dev.concert.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs and verifies queue tokens (compact JWS, HS256). Pure computation: no I/O, thread-safe. */
public final class QueueTokens {

    /**
     * The request header that carries the queue token. {@code Authorization} carries the user's access token; a
     * queue token is only ever honoured together with an access token of the same user.
     */
    public static final String HEADER = "Queue-Token";

    static final String ISSUER = "concert-queue";
    private static final String ORDER_CLAIM = "ord";
    private static final String ROOM_CLAIM = "room";

    private final SigningKeys keys;
    private final Clock clock;

    public QueueTokens(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public String sign(QueueTokenClaims claims) {
        SigningKey key = keys.active();
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(claims.userId().toString())
                .jwtID(claims.tokenId().toString())
                .claim(ROOM_CLAIM, claims.room().toString())
                .claim(ORDER_CLAIM, claims.queueOrder())
                .issueTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.id()).build(), set);
        try {
            jwt.sign(new MACSigner(key.secret()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign queue token", e);
        }
        return jwt.serialize();
    }

    /** The claims of a genuine, unexpired token; otherwise {@link InvalidQueueTokenException}. */
    public QueueTokenClaims verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidQueueTokenException("queue token is missing");
        }
        if (token.length() > 4096) {
            throw new InvalidQueueTokenException("queue token is too long");
        }
        Instant now = clock.instant();
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw new InvalidQueueTokenException("queue token uses an unexpected algorithm");
            }
            SigningKey key = keys.byId(jwt.getHeader().getKeyID())
                    .filter(k -> k.verifiesAt(now))
                    .orElseThrow(() -> new InvalidQueueTokenException("queue token is signed with an unknown key"));
            if (!jwt.verify(new MACVerifier(key.secret()))) {
                throw new InvalidQueueTokenException("queue token signature is invalid");
            }
            JWTClaimsSet set = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(set.getIssuer())) {
                throw new InvalidQueueTokenException("queue token has an unexpected issuer");
            }
            if (set.getExpirationTime() == null || !now.isBefore(set.getExpirationTime().toInstant())) {
                throw new InvalidQueueTokenException("queue token has expired");
            }
            String room = set.getStringClaim(ROOM_CLAIM);
            if (room == null) {
                throw new InvalidQueueTokenException("queue token names no waiting room");
            }
            Long order = set.getLongClaim(ORDER_CLAIM);
            return new QueueTokenClaims(UUID.fromString(set.getSubject()), UUID.fromString(set.getJWTID()),
                    UUID.fromString(room), order == null ? 0 : order, set.getIssueTime().toInstant(), set.getExpirationTime().toInstant());
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidQueueTokenException("queue token is malformed");
        }
    }
}
