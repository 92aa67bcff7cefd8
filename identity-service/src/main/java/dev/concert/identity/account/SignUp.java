package dev.concert.identity.account;

import java.time.Clock;
import java.util.UUID;

import dev.concert.identity.IdentitySettings;
import dev.concert.identity.limit.WindowCounters;
import dev.concert.identity.web.ApiProblem;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creating an account: a valid email nobody has yet and a password of 10 to 128 characters. */
@Service
public class SignUp {

    static final int PASSWORD_MIN = 10;
    static final int PASSWORD_MAX = 128;

    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final WindowCounters counters;
    private final IdentitySettings.SignUp limits;
    private final Clock clock;

    public SignUp(Accounts accounts, PasswordEncoder passwords, WindowCounters counters, IdentitySettings settings,
                  Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.counters = counters;
        this.limits = settings.signUp();
        this.clock = clock;
    }

    public record Request(String email, String password) {
    }

    public record Account(UUID id, String email) {
    }

    /**
     * Every attempt from an address counts, refused ones too: otherwise the answer EMAIL_TAKEN would be an unlimited
     * oracle of who has an account.
     */
    public Account signUp(Request request, String clientAddress) {
        counters.take("sign-up", new WindowCounters.Limit("sign-up:address:" + clientAddress, limits.perAddress()),
                limits.window()).ifPresent(wait -> {
                    throw ApiProblem.tooManyRequests("TOO_MANY_SIGN_UPS",
                            "too many sign-ups from this address; retry later", wait);
                });
        String email = EmailAddress.normalized(request.email());
        if (!EmailAddress.valid(email)) {
            throw ApiProblem.badRequest("INVALID_EMAIL", "email is missing or is not an email address");
        }
        String password = request.password();
        if (password == null || password.codePointCount(0, password.length()) < PASSWORD_MIN) {
            throw ApiProblem.badRequest("WEAK_PASSWORD",
                    "password must have at least " + PASSWORD_MIN + " characters");
        }
        if (password.codePointCount(0, password.length()) > PASSWORD_MAX) {
            throw ApiProblem.badRequest("PASSWORD_TOO_LONG",
                    "password must have at most " + PASSWORD_MAX + " characters");
        }
        UUID id = UUID.randomUUID();
        try {
            accounts.insert(id, email, passwords.encode(password), clock.instant());
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "EMAIL_TAKEN", "an account with this email exists");
        }
        return new Account(id, email);
    }
}
