package dev.concert.queue.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.concert.queue.Caller;
import dev.concert.queue.QueueMetrics;
import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.ExpiryReason;
import dev.concert.queuestatus.QueueSnapshot;
import dev.concert.queuestatus.QueueStatus;
import dev.concert.queuestatus.StatusPolicy;
import dev.concert.queuestatus.StatusRules;
import dev.concert.queuestatus.StatusScript;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.springframework.stereotype.Service;

/**
 * Issues queue tokens (one live token per user and room: asking again returns the same one, with the same place)
 * and lets users leave. The draw that orders a room's pre-queue at its opening comes from a strong random source
 * and is never shown: nobody can predict or improve a place by polling or joining again.
 * The signed token is derived from the stored record, so the same record always yields an equivalent token.
 */
@Service
public class TokenIssuer {

    private final TokenStore store;
    private final QueueTokens tokens;
    /** the platform's rules, for a room whose own are not published (yet) */
    private final StatusRules rules;
    private final StatusScript.PublishedRules published = new StatusScript.PublishedRules();
    private final QueueMetrics metrics;
    private final Clock clock;
    private final QueueSettings settings;
    private final SecureRandom draws = new SecureRandom();

    public TokenIssuer(TokenStore store, QueueTokens tokens, QueueMetrics metrics, Clock clock,
                       QueueSettings settings) {
        this.store = store;
        this.tokens = tokens;
        this.rules = settings.statusRules();
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
    }

    public IssuedToken issue(UUID userId, UUID room) {
        Instant now = clock.instant();
        // 2^53 values: exact as a Redis sorted-set score; a tie (odds about n^2 / 2^54) is broken by the token id
        long draw = draws.nextLong(1L << 53);
        TokenStore.Issued issued = store.issue(room, userId, UUID.randomUUID(), now,
                now.plus(settings.token().lifetime()), draw);
        if (issued.created()) {
            metrics.issued();
        }
        QueueSnapshot s = issued.snapshot();
        String jws = tokens.sign(new QueueTokenClaims(userId, s.tokenId(), room, s.order(), s.issuedAt(),
                s.expiresAt()));
        StatusRules roomRules = published.of(issued.publishedRules()).orElse(rules);
        return new IssuedToken(jws, room, issued.created(), StatusPolicy.statusOf(s, roomRules, now));
    }

    public void leave(Caller caller) {
        if (store.leave(caller.room(), caller.tokenId(), caller.userId(), clock.instant())) {
            metrics.expired(ExpiryReason.LEFT, 1);
        }
    }

    public record IssuedToken(String token, UUID room, boolean created, QueueStatus status) {
    }
}
