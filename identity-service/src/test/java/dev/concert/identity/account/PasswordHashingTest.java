package dev.concert.identity.account;

import java.time.Duration;
import java.util.List;

import dev.concert.identity.IdentitySettings;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** How passwords are hashed, without a server. Under a second. */
class PasswordHashingTest {

    private final PasswordEncoder encoder = new PasswordHashing().passwordEncoder(new IdentitySettings(4,
            Duration.ofMinutes(15), Duration.ofHours(8), new IdentitySettings.Client("concert-app", List.of()),
            null, null, null, null, null));

    @Test
    void a_password_is_stored_as_bcrypt_with_the_configured_cost() {
        String hash = encoder.encode("a-long-enough-password");

        assertThat(hash).startsWith("{bcrypt}$2a$04$");
        assertThat(encoder.matches("a-long-enough-password", hash)).isTrue();
        assertThat(encoder.matches("a-long-enough-passwore", hash)).isFalse();
    }

    @Test
    void a_password_longer_than_bcrypt_reads_is_not_truncated() {
        String long1 = "x".repeat(80) + "-one";
        String long2 = "x".repeat(80) + "-two";

        String hash = encoder.encode(long1);

        assertThat(hash).startsWith("{bcrypt-sha256}$2a$04$");
        assertThat(encoder.matches(long1, hash)).isTrue();
        assertThat(encoder.matches(long2, hash)).as("the characters after the 72nd byte count").isFalse();
        assertThat(encoder.matches("x".repeat(72), hash)).isFalse();
    }
}
