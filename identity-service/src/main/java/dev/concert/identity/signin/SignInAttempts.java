package dev.concert.identity.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.concert.identity.IdentitySettings;
import dev.concert.identity.account.EmailAddress;
import dev.concert.identity.limit.WindowCounters;

import org.springframework.stereotype.Component;

/**
 * Failed sign-ins, counted per account (the email as typed, normalized, whether an account has it or not, so that the
 * lock says nothing about existence) and per client address. Reaching either limit locks further attempts of that
 * account or address until the window that began with its first failure ends. Successes are not counted.
 */
@Component
public class SignInAttempts {

    private final WindowCounters counters;
    private final IdentitySettings.SignIn limits;

    public SignInAttempts(WindowCounters counters, IdentitySettings settings) {
        this.counters = counters;
        this.limits = settings.signIn();
    }

    /** How long this account or address stays locked; empty when it may try. */
    public Optional<Duration> locked(String email, String clientAddress) {
        return counters.reached("sign-in", List.of(
                new WindowCounters.Limit(accountKey(email), limits.failuresPerAccount()),
                new WindowCounters.Limit(addressKey(clientAddress), limits.failuresPerAddress())));
    }

    public void failed(String email, String clientAddress) {
        counters.count("sign-in", List.of(accountKey(email), addressKey(clientAddress)), limits.window());
    }

    // hashed: Redis need not hold a list of the emails people tried
    private static String accountKey(String email) {
        String normalized = EmailAddress.normalized(email == null ? "" : email);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return "sign-in:account:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String addressKey(String clientAddress) {
        return "sign-in:address:" + clientAddress;
    }
}
