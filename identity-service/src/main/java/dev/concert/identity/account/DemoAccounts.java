package dev.concert.identity.account;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The local stack's fans: fan1@example.com … fan3@example.com, passwords concert-demo-1 … concert-demo-3. */
@Component
@Profile("local")
class DemoAccounts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final Clock clock;

    DemoAccounts(Accounts accounts, PasswordEncoder passwords, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (int n = 1; n <= 3; n++) {
            String email = "fan" + n + "@example.com";
            if (accounts.findByEmail(email).isPresent()) {
                continue;
            }
            try {
                accounts.insert(UUID.randomUUID(), email, passwords.encode("concert-demo-" + n), clock.instant());
                log.info("demo account {} created", email);
            } catch (DuplicateKeyException e) {
                // another instance starting at the same time created it: that is the idempotence we want
            }
        }
    }
}
