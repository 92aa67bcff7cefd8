package dev.concert.identity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything under {@code identity.*}; the defaults and their environment variables are in application.yml. */
@ConfigurationProperties("identity")
public record IdentitySettings(int passwordHashCost, Duration accessTokenTtl, Duration refreshTokenTtl, Client client,
                               SignUp signUp, SignIn signIn, Keys keys, Redis redis, Admin admin) {

    /** The one registered client: a public client (no secret) that must use PKCE. */
    public record Client(String id, List<String> redirectUris) {
    }

    /** At most {@code perAddress} sign-ups per client address and {@code window}. */
    public record SignUp(int perAddress, Duration window) {
    }

    /** Failed sign-ins that lock an account or an address until their {@code window} ends. */
    public record SignIn(int failuresPerAccount, int failuresPerAddress, Duration window) {
    }

    public record Keys(Duration refresh, Duration retiredGrace) {
    }

    public record Redis(String keyPrefix) {
    }

    public record Admin(String key) {
    }
}
