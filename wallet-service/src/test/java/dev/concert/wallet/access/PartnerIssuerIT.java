package dev.concert.wallet.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.concert.accesstoken.AccountIds;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.testing.TestIssuer;
import dev.concert.wallet.WalletApi;
import dev.concert.wallet.WalletMoney;
import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A second identity provider is trusted by configuration alone (its issuer and JWK set URI, as an operator would
 * set them from the environment): no code knows it. Its users get account ids derived from issuer and subject, so
 * it can never speak for the platform's own accounts.
 * <p>
 * This needs its own application context (the trusted issuers are fixed at start-up). It is closed after the class,
 * and its Kafka listeners are not started, so it never takes partitions from the shared context's consumers.
 */
@WalletServiceTest
@TestPropertySource(properties = "spring.kafka.listener.auto-startup=false")
@DirtiesContext
class PartnerIssuerIT {

    static final TestIssuer PARTNER = TestIssuer.another("https://partner.example/" + UUID.randomUUID());

    @DynamicPropertySource
    static void trustThePartner(DynamicPropertyRegistry registry) {
        registry.add("concert.access-token.issuers.partner.issuer", PARTNER::issuer);
        registry.add("concert.access-token.issuers.partner.jwk-set-uri", PARTNER::jwkSetUri);
    }

    @AfterAll
    static void stopThePartner() {
        PARTNER.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    WalletApi api;
    String subject;
    UUID partnerAccount;
    UUID platformUser;

    @BeforeEach
    void setUp() {
        api = new WalletApi(port);
        subject = "partner|" + UUID.randomUUID();
        partnerAccount = AccountIds.of(PARTNER.issuer(), subject, false);
        platformUser = UUID.randomUUID();
    }

    @AfterEach
    void money_is_accounted_for() {
        WalletMoney.assertBalanced(jdbc, List.of(partnerAccount, platformUser));
    }

    @Test
    void a_second_issuer_is_trusted_by_configuration_alone() {
        Map<String, String> partner = partnerBearer(subject);
        Map<String, String> charge = new HashMap<>(partner);
        charge.put("Idempotency-Key", UUID.randomUUID().toString());

        Reply charged = api.post("/api/v1/users/me/wallet/charges", charge, "{\"amount\":3000}");
        assertThat(charged.status()).as(charged.raw()).isEqualTo(200);
        assertThat(charged.number("balance")).isEqualTo(3_000);

        Reply balance = api.get("/api/v1/users/me/wallet", partner);
        assertThat(balance.status()).as(balance.raw()).isEqualTo(200);
        assertThat(balance.text("userId")).as("issuer and subject make the account id")
                .isEqualTo(partnerAccount.toString());
        assertThat(balance.number("balance")).isEqualTo(3_000);
        assertThat(api.get("/api/v1/users/" + partnerAccount + "/wallet", partner).number("balance"))
                .isEqualTo(3_000);
        assertThat(jdbc.sql("SELECT balance FROM wallet WHERE user_id = :u").param("u", partnerAccount.toString())
                .query(Long.class).single()).isEqualTo(3_000);

        // the platform's own issuer is still trusted beside it
        assertThat(api.charge(platformUser, 1_000).status()).isEqualTo(200);
    }

    @Test
    void a_partner_subject_never_speaks_for_the_platform_account_of_the_same_id() {
        assertThat(api.charge(platformUser, 10_000).status()).isEqualTo(200);
        partnerAccount = AccountIds.of(PARTNER.issuer(), platformUser.toString(), false);
        assertThat(partnerAccount).isNotEqualTo(platformUser);
        Map<String, String> sameSubject = partnerBearer(platformUser.toString());

        api.get("/api/v1/users/" + platformUser + "/wallet", sameSubject).assertProblem(403, "NOT_YOUR_WALLET");
        Reply own = api.get("/api/v1/users/me/wallet", sameSubject);
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(own.text("userId")).isEqualTo(partnerAccount.toString());
        assertThat(own.number("balance")).isZero();
        assertThat(api.balance(platformUser).number("balance")).isEqualTo(10_000);
    }

    @Test
    void a_partner_token_signed_with_the_platform_issuers_key_is_refused() {
        String crossSigned = TestIssuer.sign(TestIssuer.shared().signingKey(),
                PARTNER.claims(UUID.randomUUID(), c -> c.subject(subject)));
        Map<String, String> charge = Map.of("Authorization", "Bearer " + crossSigned,
                "Idempotency-Key", UUID.randomUUID().toString());

        api.post("/api/v1/users/me/wallet/charges", charge, "{\"amount\":3000}")
                .assertProblem(401, "ACCESS_TOKEN_INVALID");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet WHERE user_id = :u").param("u", partnerAccount.toString())
                .query(Long.class).single()).isZero();
    }

    private static Map<String, String> partnerBearer(String subject) {
        String token = TestIssuer.sign(PARTNER.signingKey(), PARTNER.claims(UUID.randomUUID(), c -> c.subject(subject)));
        return Map.of("Authorization", "Bearer " + token);
    }
}
