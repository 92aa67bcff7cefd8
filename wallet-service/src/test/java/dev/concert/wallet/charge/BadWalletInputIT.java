package dev.concert.wallet.charge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.concert.wallet.WalletApi;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Whatever a client sends wrong gets a 4xx problem+json with a code, and nothing is written. */
@WalletServiceTest
class BadWalletInputIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    WalletApi api;
    UUID user;

    @BeforeEach
    void setUp() {
        api = new WalletApi(port);
        user = UUID.randomUUID();
    }

    static Stream<Arguments> bad_charge_bodies() {
        return Stream.of(
                Arguments.of("negative amount", "{\"amount\":-5000}", "INVALID_AMOUNT"),
                Arguments.of("zero amount", "{\"amount\":0}", "INVALID_AMOUNT"),
                Arguments.of("absurd amount", "{\"amount\":1000000000000}", "AMOUNT_ABOVE_LIMIT"),
                Arguments.of("amount beyond a long", "{\"amount\":99999999999999999999999}", "MALFORMED_BODY"),
                Arguments.of("fractional amount", "{\"amount\":10.5}", "MALFORMED_BODY"),
                Arguments.of("amount as a string", "{\"amount\":\"5000\"}", "MALFORMED_BODY"),
                Arguments.of("amount as a boolean", "{\"amount\":true}", "MALFORMED_BODY"),
                Arguments.of("amount as an object", "{\"amount\":{\"value\":1}}", "MALFORMED_BODY"),
                Arguments.of("null amount", "{\"amount\":null}", "INVALID_AMOUNT"),
                Arguments.of("no amount", "{}", "INVALID_AMOUNT"),
                Arguments.of("not JSON", "amount=5000", "MALFORMED_BODY"),
                Arguments.of("truncated JSON", "{\"amount\":", "MALFORMED_BODY"),
                Arguments.of("no body", null, "MALFORMED_BODY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bad_charge_bodies(String what, String body, String code) {
        Reply reply = api.post(chargesOf("me"), ownHeaders(), body);
        reply.assertProblem(400, code);
        assertNothingWritten();
    }

    @Test
    void a_charge_without_an_idempotency_key_is_refused() {
        Map<String, String> headers = WalletApi.signedIn(user);
        api.post(chargesOf("me"), headers, "{\"amount\":1000}").assertProblem(400, "MISSING_HEADER");
        assertNothingWritten();
    }

    @Test
    void a_charge_with_an_unusable_idempotency_key_is_refused() {
        Map<String, String> headers = new HashMap<>(ownHeaders());
        headers.put("Idempotency-Key", "x".repeat(101));
        api.post(chargesOf("me"), headers, "{\"amount\":1000}").assertProblem(400, "INVALID_IDEMPOTENCY_KEY");
        assertNothingWritten();
    }

    @Test
    void a_malformed_wallet_owner_in_the_path_is_refused() {
        api.post("/api/v1/users/not-a-uuid/wallet/charges", ownHeaders(), "{\"amount\":1000}")
                .assertProblem(400, "MALFORMED_PARAMETER");
        api.get("/api/v1/users/12345/wallet", ownHeaders()).assertProblem(400, "MALFORMED_PARAMETER");
        api.get("/api/v1/users/ME/wallet/transactions", ownHeaders()).assertProblem(400, "MALFORMED_PARAMETER");
        assertNothingWritten();
    }

    @Test
    void a_malformed_access_token_is_refused() {
        Map<String, String> headers = Map.of("Authorization", "Bearer robert'); DROP TABLE wallet;--",
                "Idempotency-Key", UUID.randomUUID().toString());
        api.post(chargesOf("me"), headers, "{\"amount\":1000}").assertProblem(401, "ACCESS_TOKEN_INVALID");
        api.post(chargesOf(user), Map.of("Authorization", "Bearer not.a.jwt",
                "Idempotency-Key", UUID.randomUUID().toString()), "{\"amount\":1000}")
                .assertProblem(401, "ACCESS_TOKEN_INVALID");
        api.get("/api/v1/users/me/wallet", Map.of("Authorization", "Basic " + user))
                .assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertNothingWritten();
    }

    @Test
    void a_call_without_an_access_token_is_unauthorized() {
        Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        api.post(chargesOf("me"), headers, "{\"amount\":1000}").assertProblem(401, "ACCESS_TOKEN_MISSING");
        api.post(chargesOf(user), headers, "{\"amount\":1000}").assertProblem(401, "ACCESS_TOKEN_MISSING");
        api.get("/api/v1/users/" + user + "/wallet", Map.of()).assertProblem(401, "ACCESS_TOKEN_MISSING");
        api.get("/api/v1/users/me/wallet/transactions", Map.of()).assertProblem(401, "ACCESS_TOKEN_MISSING");
        assertNothingWritten();
    }

    @Test
    void another_users_wallet_is_forbidden_for_charge_balance_and_history() {
        UUID intruder = UUID.randomUUID();
        Map<String, String> headers = WalletApi.signedInWithKey(intruder);
        api.post(chargesOf(user), headers, "{\"amount\":1000}").assertProblem(403, "NOT_YOUR_WALLET");
        api.get("/api/v1/users/" + user + "/wallet", headers).assertProblem(403, "NOT_YOUR_WALLET");
        api.get("/api/v1/users/" + user + "/wallet/transactions", headers).assertProblem(403, "NOT_YOUR_WALLET");
        assertNothingWritten();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet WHERE user_id = :u").param("u", intruder.toString())
                .query(Long.class).single()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void out_of_bounds_history_pages(String query, String code) {
        api.get("/api/v1/users/me/wallet/transactions?" + query, ownHeaders()).assertProblem(400, code);
    }

    static Stream<Arguments> out_of_bounds_history_pages() {
        return Stream.of(Arguments.of("page=-1", "INVALID_PAGE"), Arguments.of("size=0", "INVALID_PAGE"),
                Arguments.of("size=101", "INVALID_PAGE"), Arguments.of("page=10001", "INVALID_PAGE"),
                Arguments.of("size=ten", "MALFORMED_PARAMETER"));
    }

    @Test
    void an_oversized_body_is_refused_before_it_is_read() {
        String huge = "{\"amount\":1000,\"pad\":\"" + "x".repeat(20_000) + "\"}";
        api.post(chargesOf("me"), ownHeaders(), huge).assertProblem(413, "PAYLOAD_TOO_LARGE");
        assertNothingWritten();
    }

    private Map<String, String> ownHeaders() {
        return WalletApi.signedInWithKey(user);
    }

    private static String chargesOf(Object owner) {
        return "/api/v1/users/" + owner + "/wallet/charges";
    }


    private void assertNothingWritten() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet WHERE user_id = :u").param("u", user.toString())
                .query(Long.class).single()).as("wallet rows").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet_ledger WHERE user_id = :u").param("u", user.toString())
                .query(Long.class).single()).as("ledger rows").isZero();
    }
}
