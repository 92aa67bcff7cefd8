package dev.concert.queue.token;

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
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.springframework.stereotype.Service;

/**
 * Issues queue tokens (one live token per user: asking again returns the same one) and lets users leave.
 * The signed token is derived from the stored record, so the same record always yields an equivalent token.
 */
@Service
public class TokenIssuer {

    private final TokenStore store;
    private final QueueTokens tokens;
    private final StatusRules rules;
    private final QueueMetrics metrics;
    private final Clock clock;
    private final QueueSettings settings;

    public TokenIssuer(TokenStore store, QueueTokens tokens, QueueMetrics metrics, Clock clock,
                       QueueSettings settings) {
        this.store = store;
        this.tokens = tokens;
        this.rules = settings.statusRules();
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
    }

    public IssuedToken issue(UUID userId) {
        Instant now = clock.instant();
        TokenStore.Issued issued = store.issue(userId, UUID.randomUUID(), now,
                now.plus(settings.token().lifetime()));
        if (issued.created()) {
            metrics.issued();
        }
        QueueSnapshot s = issued.snapshot();
        String jws = tokens.sign(new QueueTokenClaims(userId, s.tokenId(), s.order(), s.issuedAt(), s.expiresAt()));
        return new IssuedToken(jws, issued.created(), StatusPolicy.statusOf(s, rules, now));
    }

    public void leave(Caller caller) {
        if (store.leave(caller.tokenId(), caller.userId(), clock.instant())) {
            metrics.expired(ExpiryReason.LEFT, 1);
        }
    }

    public record IssuedToken(String token, boolean created, QueueStatus status) {
    }
}
