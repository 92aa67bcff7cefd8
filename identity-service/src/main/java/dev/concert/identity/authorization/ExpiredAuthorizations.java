package dev.concert.identity.authorization;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Spring Authorization Server never deletes an authorization: this removes those whose every code and token has
 * expired (an hour ago, so a request in flight still finds its row). Safe on every instance at once.
 */
@Component
class ExpiredAuthorizations {

    private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizations.class);
    private static final String EPOCH = "'1970-01-01'";

    private final JdbcClient jdbc;
    private final Clock clock;

    ExpiredAuthorizations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void deleteExpired() {
        Timestamp before = Timestamp.from(clock.instant().minus(Duration.ofHours(1)));
        int deleted;
        int total = 0;
        do {
            deleted = jdbc.sql("DELETE FROM oauth2_authorization WHERE GREATEST("
                    + "COALESCE(authorization_code_expires_at, " + EPOCH + "), "
                    + "COALESCE(access_token_expires_at, " + EPOCH + "), "
                    + "COALESCE(oidc_id_token_expires_at, " + EPOCH + "), "
                    + "COALESCE(refresh_token_expires_at, " + EPOCH + ")) < ? LIMIT 1000").param(before).update();
            total += deleted;
        } while (deleted == 1000);
        if (total > 0) {
            log.info("deleted {} expired authorizations", total);
        }
    }
}
