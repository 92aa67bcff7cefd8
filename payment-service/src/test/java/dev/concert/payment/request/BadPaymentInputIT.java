package dev.concert.payment.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.concert.payment.PaymentApi;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.payment.PaymentServiceTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A payment request that is malformed gets a 4xx problem+json with a code, and nothing is written or sent. */
@PaymentServiceTest
class BadPaymentInputIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    PaymentApi api;
    UUID user;

    @BeforeEach
    void setUp() {
        api = new PaymentApi(port);
        user = UUID.randomUUID();
    }

    static Stream<Arguments> bad_payment_bodies() {
        return Stream.of(
                Arguments.of("malformed reservation id", "{\"reservationId\":\"not-a-uuid\"}", "MALFORMED_BODY"),
                Arguments.of("reservation id as a number", "{\"reservationId\":42}", "MALFORMED_BODY"),
                Arguments.of("reservation id as an array", "{\"reservationId\":[\"x\"]}", "MALFORMED_BODY"),
                Arguments.of("no reservation id", "{}", "VALIDATION_FAILED"),
                Arguments.of("null reservation id", "{\"reservationId\":null}", "VALIDATION_FAILED"),
                Arguments.of("not JSON", "reservationId=1", "MALFORMED_BODY"),
                Arguments.of("no body", null, "MALFORMED_BODY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bad_payment_bodies(String what, String body, String code) {
        // from inside a waiting room: the body alone is what is wrong
        Reply reply = api.post("/api/v1/payments",
                PaymentApi.inRoom(user, UUID.randomUUID(), UUID.randomUUID().toString()), body);
        reply.assertProblem(400, code);
        assertNothingWritten();
    }

    @Test
    void a_payment_without_an_idempotency_key_is_refused() {
        Reply reply = api.post("/api/v1/payments", PaymentApi.signedIn(user),
                "{\"reservationId\":\"" + UUID.randomUUID() + "\"}");
        reply.assertProblem(400, "MISSING_HEADER");
        assertNothingWritten();
    }

    @Test
    void a_payment_with_an_unusable_idempotency_key_is_refused() {
        Reply reply = api.pay(user, UUID.randomUUID(), "spaces are not allowed", UUID.randomUUID());
        reply.assertProblem(400, "INVALID_IDEMPOTENCY_KEY");
        assertNothingWritten();
    }

    @Test
    void a_payment_without_an_access_token_is_unauthorized() {
        Reply reply = api.post("/api/v1/payments", Map.of("Idempotency-Key", UUID.randomUUID().toString()),
                "{\"reservationId\":\"" + UUID.randomUUID() + "\"}");
        reply.assertProblem(401, "ACCESS_TOKEN_MISSING");
        api.get("/api/v1/payments/" + UUID.randomUUID(), Map.of()).assertProblem(401, "ACCESS_TOKEN_MISSING");
        api.get("/api/v1/payments", Map.of()).assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertNothingWritten();
    }

    @Test
    void a_malformed_access_token_is_refused() {
        Reply reply = api.post("/api/v1/payments",
                Map.of("Authorization", "Bearer admin", "Idempotency-Key", UUID.randomUUID().toString()),
                "{\"reservationId\":\"" + UUID.randomUUID() + "\"}");
        reply.assertProblem(401, "ACCESS_TOKEN_INVALID");
        assertNothingWritten();
    }

    @Test
    void a_malformed_payment_id_is_refused() {
        api.get("/api/v1/payments/123", PaymentApi.signedIn(user))
                .assertProblem(400, "MALFORMED_PARAMETER");
    }

    @ParameterizedTest(name = "limit={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "201", "100000"})
    void an_out_of_range_list_limit_is_refused(String limit) {
        api.payments(user, "limit=" + limit).assertProblem(400, "VALIDATION_FAILED");
    }

    @Test
    void a_malformed_list_limit_is_refused() {
        api.payments(user, "limit=ten").assertProblem(400, "MALFORMED_PARAMETER");
    }

    @Test
    void a_payment_for_a_reservation_nobody_knows_is_not_found() {
        // neither an event nor reservation-service (the stub answers 404) knows it
        Reply reply = api.pay(user, UUID.randomUUID(), UUID.randomUUID());
        reply.assertProblem(404, "RESERVATION_NOT_FOUND");
        assertNothingWritten();
    }


    private void assertNothingWritten() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE user_id = :u").param("u", user.toString())
                .query(Long.class).single()).as("payments").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE envelope_json LIKE :u")
                .param("u", "%" + user + "%").query(Long.class).single()).as("events").isZero();
    }
}
