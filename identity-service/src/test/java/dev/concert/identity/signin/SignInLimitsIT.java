package dev.concert.identity.signin;

import java.net.http.HttpResponse;

import dev.concert.identity.IdentityIntegrationTest;
import dev.concert.identity.TestAddresses;
import dev.concert.testing.PkceSignIn;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins lock the account (5 in the window) and the client address (12 in the test profile), for real in
 * Redis, through the login form. The client address is the X-Client-Address the gateway sets. About 2 s (plus the shared
 * context start, 8 s if it runs first).
 */
@IdentityIntegrationTest
class SignInLimitsIT {

    private static final String PASSWORD = "the-right-password";

    @LocalServerPort
    int port;

    String auth;

    @BeforeEach
    void base() {
        auth = "http://127.0.0.1:" + port + "/auth";
    }

    private String account() {
        String email = TestAddresses.freshEmail();
        PkceSignIn.at(auth).withHeader("X-Client-Address", TestAddresses.fresh()).signUp(email, PASSWORD);
        return email;
    }

    private static PkceSignIn from(PkceSignIn client, String address) {
        return client.withHeader("X-Client-Address", address);
    }

    private static void assertLocked(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"TOO_MANY_SIGN_IN_ATTEMPTS\"");
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 15 * 60L);
    }

    private static void assertSignedIn(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/oauth2/authorize");
    }

    @Test
    void five_wrong_passwords_lock_the_account_even_against_the_right_one() {
        String email = account();
        PkceSignIn.Attempt attempt = from(PkceSignIn.at(auth), TestAddresses.fresh()).begin();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt.submit(email, "wrong-password-" + i).headers().firstValue("Location").orElseThrow())
                    .endsWith("/login?error");
        }

        assertLocked(attempt.submit(email, PASSWORD));
        assertLocked(from(PkceSignIn.at(auth), TestAddresses.fresh()).begin().submit(email.toUpperCase(), PASSWORD));
    }

    @Test
    void a_locked_account_does_not_lock_another_account_or_address() {
        String locked = account();
        String other = account();
        String attacker = TestAddresses.fresh();
        PkceSignIn.Attempt attempt = from(PkceSignIn.at(auth), attacker).begin();
        for (int i = 0; i < 5; i++) {
            attempt.submit(locked, "wrong-password-" + i);
        }
        assertLocked(attempt.submit(locked, PASSWORD));

        // another client, at another address the gateway resolved, is not affected
        PkceSignIn elsewhere = from(PkceSignIn.at(auth), TestAddresses.fresh());
        assertThat(elsewhere.signIn(other, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void failures_from_one_address_lock_that_address_for_every_account() {
        String address = TestAddresses.fresh();
        String victim = account();
        PkceSignIn.Attempt attempt = from(PkceSignIn.at(auth), address).begin();
        for (int i = 0; i < 12; i++) {
            // a different account each time: no account reaches its own limit
            assertThat(attempt.submit(TestAddresses.freshEmail(), "wrong-password").statusCode()).isEqualTo(302);
        }

        assertLocked(from(PkceSignIn.at(auth), address).begin().submit(victim, PASSWORD));
        assertSignedIn(from(PkceSignIn.at(auth), TestAddresses.fresh()).begin().submit(victim, PASSWORD));
    }

    @Test
    void successful_sign_ins_do_not_count() {
        String email = account();
        String address = TestAddresses.fresh();
        for (int i = 0; i < 7; i++) {
            assertSignedIn(from(PkceSignIn.at(auth), address).begin().submit(email, PASSWORD));
        }
        PkceSignIn.Attempt attempt = from(PkceSignIn.at(auth), address).begin();
        for (int i = 0; i < 4; i++) {
            attempt.submit(email, "wrong-password");
        }
        assertSignedIn(from(PkceSignIn.at(auth), address).begin().submit(email, PASSWORD));
    }
}
