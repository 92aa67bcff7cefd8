package dev.concert.wallet.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.testing.TestIssuer;
import dev.concert.wallet.WalletApi;
import dev.concert.wallet.WalletMoney;
import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an attacker can send instead of a genuine access token, against the real service and database: every such
 * request is refused with 401 (or 403 for a genuine caller naming someone else's wallet), and the victim's wallet
 * stays exactly as it was. Also: the issuer's key rotation is followed without a restart.
 */
@WalletServiceTest
class AccessTokenIT {

    static final long VICTIM_BALANCE = 10_000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    WalletApi api;
    UUID victim;
    UUID attacker;

    @BeforeEach
    void setUp() {
        api = new WalletApi(port);
        victim = UUID.randomUUID();
        attacker = UUID.randomUUID();
        assertThat(api.charge(victim, VICTIM_BALANCE).status()).isEqualTo(200);
    }

    @AfterEach
    void money_is_accounted_for() {
        WalletMoney.assertBalanced(jdbc, List.of(victim, attacker));
    }

    @Test
    void a_forged_user_header_without_a_token_is_refused() {
        Map<String, String> forged = Map.of("X-User-Id", victim.toString(),
                "Idempotency-Key", UUID.randomUUID().toString());

        Reply charge = api.post("/api/v1/users/" + victim + "/wallet/charges", forged, "{\"amount\":1000}")
                .assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertThat(charge.headers().get("www-authenticate")).containsExactly("Bearer realm=\"concert\"");
        api.post("/api/v1/users/me/wallet/charges", forged, "{\"amount\":1000}")
                .assertProblem(401, "ACCESS_TOKEN_MISSING");
        Reply balance = api.get("/api/v1/users/" + victim + "/wallet", forged)
                .assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertThat(balance.raw()).doesNotContain(Long.toString(VICTIM_BALANCE));
        api.get("/api/v1/users/me/wallet/transactions", forged).assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertVictimUntouched();
    }

    @Test
    void a_forged_user_header_beside_a_genuine_token_is_ignored() {
        Map<String, String> headers = new HashMap<>(WalletApi.signedInWithKey(attacker));
        headers.put("X-User-Id", victim.toString());

        Reply charged = api.post("/api/v1/users/me/wallet/charges", headers, "{\"amount\":1000}");
        assertThat(charged.status()).as(charged.raw()).isEqualTo(200);
        assertThat(charged.number("balance")).as("the attacker charged their own wallet").isEqualTo(1_000);
        assertThat(api.get("/api/v1/users/me/wallet", headers).text("userId")).isEqualTo(attacker.toString());
        assertVictimUntouched();
    }

    @Test
    void an_expired_token_is_refused() {
        Instant now = Instant.now();
        String expired = TestIssuer.shared().token(victim, c -> c
                .issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
                .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(20))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))));

        assertRefused(expired, "ACCESS_TOKEN_EXPIRED");
    }

    @Test
    void a_token_signed_by_an_unknown_key_is_refused() {
        TestIssuer issuer = TestIssuer.shared();
        assertRefused(TestIssuer.sign(TestIssuer.newKey(), issuer.claims(victim, c -> { })), "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_signed_by_an_unknown_key_under_a_trusted_key_id_is_refused() throws Exception {
        TestIssuer issuer = TestIssuer.shared();
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(issuer.signingKey().getKeyID()).generate();
        assertRefused(TestIssuer.sign(impostor, issuer.claims(victim, c -> { })), "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_of_another_issuer_is_refused_even_when_signed_with_a_trusted_key() {
        TestIssuer issuer = TestIssuer.shared();
        String evil = TestIssuer.sign(issuer.signingKey(),
                issuer.claims(victim, c -> c.issuer("https://evil.example")));
        assertRefused(evil, "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_for_another_audience_is_refused() {
        String elsewhere = TestIssuer.shared().token(victim, c -> c.audience("someone-else"));
        assertRefused(elsewhere, "ACCESS_TOKEN_INVALID");
    }

    @Test
    void an_unsigned_alg_none_token_is_refused() {
        String unsigned = new PlainJWT(TestIssuer.shared().claims(victim, c -> { })).serialize();
        assertThat(unsigned).endsWith(".");
        assertRefused(unsigned, "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_whose_payload_was_swapped_for_another_subject_is_refused() throws Exception {
        TestIssuer issuer = TestIssuer.shared();
        String genuine = issuer.accessToken(attacker);
        Reply own = api.get("/api/v1/users/me/wallet", Map.of("Authorization", "Bearer " + genuine));
        assertThat(own.status()).as("the attacker's own token works for the attacker").isEqualTo(200);
        assertThat(own.text("userId")).isEqualTo(attacker.toString());

        String[] parts = genuine.split("\\.");
        String victimsClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                issuer.claims(victim, c -> { }).toString().getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + victimsClaims + "." + parts[2];
        assertThat(SignedJWT.parse(tampered).getJWTClaimsSet().getSubject()).isEqualTo(victim.toString());

        assertRefused(tampered, "ACCESS_TOKEN_INVALID");
    }

    @Test
    void another_users_wallet_by_id_is_forbidden_and_its_balance_unchanged() {
        Map<String, String> attackers = WalletApi.signedInWithKey(attacker);

        api.post("/api/v1/users/" + victim + "/wallet/charges", attackers, "{\"amount\":1000}")
                .assertProblem(403, "NOT_YOUR_WALLET");
        Reply balance = api.get("/api/v1/users/" + victim + "/wallet", attackers)
                .assertProblem(403, "NOT_YOUR_WALLET");
        assertThat(balance.raw()).doesNotContain(Long.toString(VICTIM_BALANCE));
        api.get("/api/v1/users/" + victim + "/wallet/transactions", attackers).assertProblem(403, "NOT_YOUR_WALLET");

        assertVictimUntouched();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet WHERE user_id = :u").param("u", attacker.toString())
                .query(Long.class).single()).as("no wallet made for the attacker either").isZero();
    }

    /**
     * The issuer rotates its key: tokens of the new key are accepted at once (an unknown key id makes the service
     * fetch the JWK set), tokens of the old one keep working while it is published, and stop once it is retired and
     * the cached key set expired (2 s in tests). Always signs with the current key afterwards, which stays
     * published, so the other test classes of this JVM are unaffected.
     */
    @Test
    void a_rotated_key_is_followed_without_a_restart_and_a_retired_key_stops_verifying() throws Exception {
        TestIssuer issuer = TestIssuer.shared();
        String beforeRotation = issuer.accessToken(victim);
        assertThat(balanceWith(beforeRotation).status()).isEqualTo(200);

        RSAKey old = issuer.rotate();
        try {
            String afterRotation = issuer.accessToken(victim);
            assertThat(SignedJWT.parse(afterRotation).getHeader().getKeyID()).isNotEqualTo(old.getKeyID());
            Reply withNewKey = balanceWith(afterRotation);
            assertThat(withNewKey.status()).as(withNewKey.raw()).isEqualTo(200);
            assertThat(withNewKey.number("balance")).isEqualTo(VICTIM_BALANCE);
            assertThat(balanceWith(beforeRotation).status()).as("the old key is still published").isEqualTo(200);
        } finally {
            issuer.retire(old);
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                balanceWith(beforeRotation).assertProblem(401, "ACCESS_TOKEN_INVALID"));
        assertRefused(TestIssuer.sign(old, issuer.claims(victim, c -> { })), "ACCESS_TOKEN_INVALID");
        Reply current = balanceWith(issuer.accessToken(victim));
        assertThat(current.status()).as("tokens of the current key: " + current.raw()).isEqualTo(200);
        assertThat(issuer.signingKey().getKeyID()).isNotEqualTo(old.getKeyID());
    }

    private Reply balanceWith(String token) {
        return api.get("/api/v1/users/me/wallet", Map.of("Authorization", "Bearer " + token));
    }

    /** Refused on every wallet route, whichever way the wallet is named, and nothing changed. */
    private void assertRefused(String token, String code) {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        Map<String, String> charge = new HashMap<>(bearer);
        charge.put("Idempotency-Key", UUID.randomUUID().toString());

        Reply refused = api.post("/api/v1/users/me/wallet/charges", charge, "{\"amount\":1000}")
                .assertProblem(401, code);
        assertThat(refused.headers().get("www-authenticate")).singleElement().asString()
                .contains("error=\"invalid_token\"");
        api.post("/api/v1/users/" + victim + "/wallet/charges", charge, "{\"amount\":1000}").assertProblem(401, code);
        api.get("/api/v1/users/me/wallet", bearer).assertProblem(401, code);
        api.get("/api/v1/users/" + victim + "/wallet", bearer).assertProblem(401, code);
        api.get("/api/v1/users/me/wallet/transactions", bearer).assertProblem(401, code);
        assertVictimUntouched();
    }

    private void assertVictimUntouched() {
        Reply balance = api.balance(victim);
        assertThat(balance.status()).as(balance.raw()).isEqualTo(200);
        assertThat(balance.number("balance")).isEqualTo(VICTIM_BALANCE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet_ledger WHERE user_id = :u").param("u", victim.toString())
                .query(Long.class).single()).as("the victim's ledger rows").isEqualTo(1);
    }
}
