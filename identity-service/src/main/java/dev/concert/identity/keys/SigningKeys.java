package dev.concert.identity.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.concert.identity.IdentitySettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The keys tokens are signed with, from the signing_keys table: the {@link JWKSource} of the JWK set endpoint and of
 * the token encoder. It publishes every active key and every key retired less than (access-token TTL + grace) ago, so
 * a token verifies for as long as it lives; it signs with the newest active key.
 *
 * <p>The table is read through an in-memory copy refreshed every {@code identity.keys.refresh}: several instances
 * converge on a rotation within that time without a query per token. Whether a retired key is still published is
 * decided at each read, from the copy, so a key leaves the set on time whatever the refresh.
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext>, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration refresh;
    /** How long a retired key stays published: the longest an access token it signed can live, plus a margin. */
    private final Duration afterRetirement;

    private volatile Snapshot snapshot;

    public SigningKeys(SigningKeyStore store, Clock clock, IdentitySettings settings) {
        this.store = store;
        this.clock = clock;
        this.refresh = settings.keys().refresh();
        this.afterRetirement = settings.accessTokenTtl().plus(settings.keys().retiredGrace());
    }

    private record Snapshot(List<SigningKey> keys, Instant loadedAt) {
    }

    /** Before the server takes requests: a first key if there is none (several instances may race here). */
    @Override
    public void afterSingletonsInstantiated() {
        if (store.insertIfNoneActive(SigningKey.generate(clock.instant()))) {
            log.info("no active signing key: created one");
        }
        reload();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        Instant now = clock.instant();
        List<JWK> published = current().keys().stream().filter(key -> key.publishedAt(now, afterRetirement))
                .map(key -> (JWK) key.jwk()).toList();
        return selector.select(new JWKSet(published));
    }

    /** The key id new tokens are signed with: the newest active key. */
    public String signingKid() {
        List<SigningKey> keys = current().keys();
        return keys.stream().filter(SigningKey::active).max(Comparator.comparing(SigningKey::createdAt))
                .or(() -> keys.stream().max(Comparator.comparing(SigningKey::createdAt)))
                .orElseThrow(() -> new IllegalStateException("no signing key"))
                .kid();
    }

    /** A new key becomes the signing key, the previous one is retired (and stays published for the grace). */
    public SigningKey rotate() {
        SigningKey next = SigningKey.generate(clock.instant());
        store.rotate(next);
        reload();
        log.info("signing key rotated: {} signs from now on", next.kid());
        return next;
    }

    /** Every key with its life, newest first (for the admin API). */
    public List<KeyView> list() {
        return store.all().stream().map(key -> new KeyView(key.kid(), key.createdAt(), key.retiredAt(),
                key.publishedUntil(afterRetirement))).toList();
    }

    public record KeyView(String kid, Instant created, Instant retired, Instant publishedUntil) {
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current == null || clock.instant().isAfter(current.loadedAt().plus(refresh))) {
            synchronized (this) {
                current = snapshot;
                if (current == null || clock.instant().isAfter(current.loadedAt().plus(refresh))) {
                    current = reload();
                }
            }
        }
        return current;
    }

    private synchronized Snapshot reload() {
        Instant now = clock.instant();
        try {
            snapshot = new Snapshot(store.publishable(now.minus(afterRetirement)), now);
        } catch (RuntimeException e) {
            if (snapshot == null) {
                throw e;
            }
            // the database is away: keep signing and publishing what we had, try again after the next interval
            log.warn("signing keys not refreshed, keeping the {} known: {}", snapshot.keys().size(), e.getMessage());
            snapshot = new Snapshot(snapshot.keys(), now);
        }
        return snapshot;
    }
}
