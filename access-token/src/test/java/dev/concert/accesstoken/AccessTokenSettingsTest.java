package dev.concert.accesstoken;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operator trusts another identity provider with environment variables alone (README, "Security model"). */
class AccessTokenSettingsTest {

    @Test
    void another_issuer_is_added_from_the_environment_beside_the_configured_one() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "CONCERT_ACCESSTOKEN_ISSUERS_PARTNER_ISSUER", "https://login.partner.example/realms/x",
                        "CONCERT_ACCESSTOKEN_ISSUERS_PARTNER_JWKSETURI", "https://login.partner.example/certs",
                        "CONCERT_ACCESSTOKEN_ISSUERS_BUNDLED_ISSUER", "http://localhost:8080/auth",
                        "CONCERT_ACCESSTOKEN_ISSUERS_BUNDLED_JWKSETURI", "http://127.0.0.1:8086/auth/oauth2/jwks",
                        "CONCERT_ACCESSTOKEN_ISSUERS_BUNDLED_SUBJECTISACCOUNTID", "true")));
        ConfigurationPropertySources.attach(environment);

        AccessTokenSettings settings = Binder.get(environment).bind("concert.access-token",
                AccessTokenSettings.class).get();

        assertThat(settings.issuers()).containsOnlyKeys("bundled", "partner");
        assertThat(settings.issuers().get("partner").jwkSetUri()).hasToString("https://login.partner.example/certs");
        assertThat(settings.issuers().get("partner").subjectIsAccountId()).isFalse();
        assertThat(settings.issuers().get("bundled").subjectIsAccountId()).isTrue();
        assertThat(settings.audience()).isEqualTo("concert-api");
    }

    @Test
    void an_issuer_without_its_key_set_is_refused_at_start_up() {
        assertThatThrownBy(() -> new AccessTokenSettings("concert-api", Map.of("x",
                new AccessTokenSettings.TrustedIssuer("https://x.example", null, null, false)), null, null, null, null,
                20_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwk-set-uri");
    }

    @Test
    void a_verified_token_cache_without_room_or_with_a_negative_ttl_is_refused_at_start_up() {
        Map<String, AccessTokenSettings.TrustedIssuer> issuers = Map.of("x", new AccessTokenSettings.TrustedIssuer(
                "https://x.example", java.net.URI.create("https://x.example/jwks"), null, false));
        assertThatThrownBy(() -> new AccessTokenSettings("concert-api", issuers, null, null, null,
                java.time.Duration.ofSeconds(30), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verified-token-capacity");
        assertThatThrownBy(() -> new AccessTokenSettings("concert-api", issuers, null, null, null,
                java.time.Duration.ofSeconds(-1), 20_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verified-token-ttl");
    }
}
