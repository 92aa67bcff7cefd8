package dev.concert.payment.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jwt.PlainJWT;

import dev.concert.payment.PaymentApi;
import dev.concert.payment.PaymentServiceTest;
import dev.concert.payment.ReservationServiceStub;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.testing.TestIssuer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an attacker can send instead of a genuine access token, against the real service and database: a payment is
 * only ever made, read or listed by the user the verified token names. Every forged or foreign token is a 401 and
 * writes no payment; another user's payment is as absent (404) as one that does not exist.
 */
@PaymentServiceTest
class AccessTokenIT {

    static final long PRICE = 10_000;
    /** the sale every hold here is of; the payments are made from inside its waiting room */
    static final UUID SALE = UUID.randomUUID();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    PaymentApi api;
    UUID victim;
    UUID attacker;
    UUID victimsHold;

    @BeforeEach
    void setUp() {
        api = new PaymentApi(port);
        victim = UUID.randomUUID();
        attacker = UUID.randomUUID();
        victimsHold = holdOf(victim);
    }

    /** A live hold reservation-service knows (its internal API, played by the stub, answers for it). */
    static UUID holdOf(UUID user) {
        UUID reservationId = UUID.randomUUID();
        ReservationServiceStub.get().knows(reservationId, user, SALE, PRICE, "HELD",
                Instant.now().plusSeconds(300));
        return reservationId;
    }

    @Test
    void a_forged_user_header_without_a_token_is_refused() {
        Map<String, String> forged = Map.of("X-User-Id", victim.toString(),
                "Idempotency-Key", UUID.randomUUID().toString());

        Reply pay = api.post("/api/v1/payments", forged, "{\"reservationId\":\"" + victimsHold + "\"}")
                .assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertThat(pay.headers().get("www-authenticate")).containsExactly("Bearer realm=\"concert\"");
        api.get("/api/v1/payments", forged).assertProblem(401, "ACCESS_TOKEN_MISSING");
        api.get("/api/v1/payments/" + UUID.randomUUID(), forged).assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertNoPaymentFor(victimsHold);
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
        assertRefused(TestIssuer.sign(TestIssuer.newKey(), TestIssuer.shared().claims(victim, c -> { })),
                "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_of_another_issuer_is_refused_even_when_signed_with_a_trusted_key() {
        TestIssuer issuer = TestIssuer.shared();
        assertRefused(TestIssuer.sign(issuer.signingKey(), issuer.claims(victim, c -> c.issuer("https://evil.example"))),
                "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_for_another_audience_is_refused() {
        assertRefused(TestIssuer.shared().token(victim, c -> c.audience("someone-else")), "ACCESS_TOKEN_INVALID");
    }

    @Test
    void an_unsigned_alg_none_token_is_refused() {
        assertRefused(new PlainJWT(TestIssuer.shared().claims(victim, c -> { })).serialize(), "ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_token_whose_payload_was_swapped_for_another_subject_is_refused() {
        TestIssuer issuer = TestIssuer.shared();
        String genuine = issuer.accessToken(attacker);
        assertThat(api.get("/api/v1/payments", Map.of("Authorization", "Bearer " + genuine)).status())
                .as("the attacker's own token works for the attacker").isEqualTo(200);

        String[] parts = genuine.split("\\.");
        String victimsClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                issuer.claims(victim, c -> { }).toString().getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + victimsClaims + "." + parts[2], "ACCESS_TOKEN_INVALID");
    }

    @Test
    void another_users_payment_is_not_found_like_a_payment_that_does_not_exist() {
        Reply paid = api.pay(victim, SALE, victimsHold);
        assertThat(paid.status()).as(paid.raw()).isIn(200, 202);
        UUID paymentId = paid.uuid("paymentId");

        Reply peek = api.payment(attacker, paymentId).assertProblem(404, "PAYMENT_NOT_FOUND");
        Reply unknown = api.payment(attacker, UUID.randomUUID()).assertProblem(404, "PAYMENT_NOT_FOUND");
        assertThat(peek.body().path("title")).isEqualTo(unknown.body().path("title"));
        assertThat(peek.raw()).doesNotContain(victim.toString()).doesNotContain(victimsHold.toString());
        assertThat(api.payments(attacker, "").body().size()).as("nor in the attacker's list").isZero();

        Reply own = api.payment(victim, paymentId);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.uuid("reservationId")).isEqualTo(victimsHold);
        assertThat(paymentsFor(victimsHold)).as("nothing more was written").isEqualTo(1);
    }

    @Test
    void the_payment_list_holds_only_the_callers_own_payments_newest_first() throws Exception {
        UUID otherHold = holdOf(attacker);
        CompletableFuture<Reply> othersPayment = CompletableFuture.supplyAsync(
                () -> api.pay(attacker, SALE, otherHold));
        List<UUID> victims = new ArrayList<>();
        victims.add(api.pay(victim, SALE, victimsHold).uuid("paymentId"));
        victims.add(api.pay(victim, SALE, holdOf(victim)).uuid("paymentId"));
        UUID attackers = othersPayment.get().uuid("paymentId");

        Reply mine = api.payments(victim, "");
        assertThat(mine.status()).as(mine.raw()).isEqualTo(200);
        assertThat(ids(mine)).containsExactly(victims.get(1), victims.get(0));
        assertThat(ids(api.payments(victim, "limit=1"))).containsExactly(victims.get(1));
        assertThat(ids(api.payments(attacker, "limit=200"))).containsExactly(attackers);
        assertThat(api.payments(UUID.randomUUID(), "").body().size()).as("a user who never paid").isZero();
    }

    private static List<UUID> ids(Reply list) {
        List<UUID> ids = new ArrayList<>();
        list.body().forEach(p -> ids.add(UUID.fromString(p.path("paymentId").asString())));
        return ids;
    }

    /** Refused on every payment route, and no payment written for the victim's hold. */
    private void assertRefused(String token, String code) {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        Map<String, String> pay = new HashMap<>(bearer);
        pay.put("Idempotency-Key", UUID.randomUUID().toString());

        Reply refused = api.post("/api/v1/payments", pay, "{\"reservationId\":\"" + victimsHold + "\"}")
                .assertProblem(401, code);
        assertThat(refused.headers().get("www-authenticate")).singleElement().asString()
                .contains("error=\"invalid_token\"");
        api.get("/api/v1/payments", bearer).assertProblem(401, code);
        api.get("/api/v1/payments/" + UUID.randomUUID(), bearer).assertProblem(401, code);
        assertNoPaymentFor(victimsHold);
    }

    private void assertNoPaymentFor(UUID reservationId) {
        assertThat(paymentsFor(reservationId)).as("payments for the reservation").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE envelope_json LIKE :r")
                .param("r", "%" + reservationId + "%").query(Long.class).single()).as("events").isZero();
    }

    private long paymentsFor(UUID reservationId) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :r").param("r", reservationId.toString())
                .query(Long.class).single();
    }
}
