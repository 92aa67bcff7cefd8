package dev.concert.identity.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import dev.concert.identity.IdentitySettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashes are {@code {bcrypt}} with the configured cost, through a {@link DelegatingPasswordEncoder} so that
 * a later algorithm or cost can be introduced without invalidating stored hashes.
 *
 * <p>bcrypt reads at most 72 bytes (Spring refuses to hash more rather than silently truncate), yet passwords may have
 * up to 128 characters: a longer one is first reduced to its SHA-256 (base64, 44 bytes) and stored as
 * {@code {bcrypt-sha256}}, so every character counts.
 */
@Configuration(proxyBeanMethods = false)
public class PasswordHashing {

    static final String BCRYPT = "bcrypt";
    static final String BCRYPT_SHA256 = "bcrypt-sha256";
    private static final int BCRYPT_MAX_BYTES = 72;

    @Bean
    PasswordEncoder passwordEncoder(IdentitySettings settings) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(settings.passwordHashCost());
        PasswordEncoder prehashed = new Prehashed(bcrypt);
        DelegatingPasswordEncoder delegating = new DelegatingPasswordEncoder(BCRYPT,
                Map.of(BCRYPT, bcrypt, BCRYPT_SHA256, prehashed));
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                if (raw.toString().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
                    return "{" + BCRYPT_SHA256 + "}" + prehashed.encode(raw);
                }
                return delegating.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return delegating.matches(raw, encoded);
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return delegating.upgradeEncoding(encoded);
            }
        };
    }

    /** bcrypt of the password's SHA-256, for passwords bcrypt could not read whole. */
    private record Prehashed(BCryptPasswordEncoder bcrypt) implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(digest(raw));
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return bcrypt.matches(digest(raw), encoded);
        }

        private static String digest(CharSequence raw) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest(raw.toString().getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
