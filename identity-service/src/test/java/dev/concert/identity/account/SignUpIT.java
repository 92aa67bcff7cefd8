package dev.concert.identity.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.concert.identity.IdentityIntegrationTest;
import dev.concert.identity.TestAddresses;
import dev.concert.testing.OversizedBody;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up over real HTTP against MariaDB and Redis: what is accepted, every refusal with its code, the unique email
 * under concurrency, the per-address limit, and what is stored. About 3 s, plus 8 s for the shared context when it
 * runs first.
 */
@IdentityIntegrationTest
class SignUpIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    record Reply(int status, HttpResponse<String> response, JsonNode body) {

        String code() {
            return body.path("code").asString(null);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private Reply signUp(String json, String clientAddress) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth/api/v1/accounts"))
                .header("Content-Type", "application/json").header("X-Client-Address", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Reply(response.statusCode(), response, body);
    }

    private Reply signUp(String email, String password, String clientAddress) throws Exception {
        return signUp(JSON.writeValueAsString(Map.of("email", email, "password", password)), clientAddress);
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.response().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.body().path("detail").asString()).isNotBlank();
    }

    @Test
    void signing_up_creates_an_account_named_by_a_uuid() throws Exception {
        String email = TestAddresses.freshEmail();

        Reply reply = signUp("  " + email.toUpperCase() + " ", "a-long-enough-password", TestAddresses.fresh());

        assertThat(reply.status()).as(reply.response().body()).isEqualTo(201);
        String id = reply.body().path("id").asString();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(reply.body().path("email").asString()).as("trimmed and lower-cased").isEqualTo(email);
        assertThat(reply.header("Location")).endsWith("/auth/api/v1/accounts/" + id);
        assertThat(reply.body().has("password")).isFalse();
    }

    @Test
    void an_invalid_or_missing_email_is_refused() throws Exception {
        String address = TestAddresses.fresh();
        assertProblem(signUp("not-an-email", "a-long-enough-password", address), 400, "INVALID_EMAIL");
        assertProblem(signUp("two@at@example.com", "a-long-enough-password", address), 400, "INVALID_EMAIL");
        assertProblem(signUp("{\"password\":\"a-long-enough-password\"}", address), 400, "INVALID_EMAIL");
    }

    @Test
    void a_password_shorter_than_10_or_longer_than_128_characters_is_refused() throws Exception {
        String address = TestAddresses.fresh();
        assertProblem(signUp(TestAddresses.freshEmail(), "123456789", address), 400, "WEAK_PASSWORD");
        assertProblem(signUp("{\"email\":\"" + TestAddresses.freshEmail() + "\"}", address), 400, "WEAK_PASSWORD");
        assertProblem(signUp(TestAddresses.freshEmail(), "x".repeat(129), address), 400, "PASSWORD_TOO_LONG");

        assertThat(signUp(TestAddresses.freshEmail(), "1234567890", address).status()).isEqualTo(201);
        assertThat(signUp(TestAddresses.freshEmail(), "é".repeat(128), address).status())
                .as("128 characters (256 bytes: more than bcrypt reads) are fine").isEqualTo(201);
    }

    @Test
    void a_body_that_is_not_the_expected_json_is_refused() throws Exception {
        String address = TestAddresses.fresh();
        assertProblem(signUp("{\"email\": ", address), 400, "MALFORMED_REQUEST");
        assertProblem(signUp("[1, 2]", address), 400, "MALFORMED_REQUEST");
        assertProblem(signUp("", address), 400, "MALFORMED_REQUEST");
    }

    @Test
    void a_chunked_body_of_60_mb_is_refused_having_cost_at_most_the_json_limit() {
        long before = OversizedBody.usedHeapAfterGc();

        OversizedBody.Answer answer = OversizedBody.post(
                URI.create("http://127.0.0.1:" + port + "/auth/api/v1/accounts"),
                Map.of("X-Client-Address", TestAddresses.fresh()), 60L * 1024 * 1024);

        long grown = OversizedBody.usedHeapAfterGc() - before;
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("MALFORMED_REQUEST");
        assertThat(answer.bytesSent()).as("answered long before the end").isLessThan(8L * 1024 * 1024);
        assertThat(grown).as("heap growth in bytes").isLessThan(10L * 1024 * 1024);
    }

    @Test
    void signing_up_with_a_taken_email_is_refused() throws Exception {
        String email = TestAddresses.freshEmail();
        String address = TestAddresses.fresh();
        assertThat(signUp(email, "a-long-enough-password", address).status()).isEqualTo(201);

        assertProblem(signUp(email, "another-password", address), 409, "EMAIL_TAKEN");
        assertProblem(signUp(" " + email.toUpperCase(), "another-password", address), 409, "EMAIL_TAKEN");
    }

    @Test
    void of_many_concurrent_sign_ups_with_one_email_exactly_one_succeeds() throws Exception {
        String email = TestAddresses.freshEmail();
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                String address = TestAddresses.fresh();
                Callable<Integer> attempt = () -> {
                    start.await();
                    return signUp(email, "a-long-enough-password", address).status();
                };
                statuses.add(pool.submit(attempt));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            assertThat(answered).filteredOn(s -> s == 201).hasSize(1);
            assertThat(answered).filteredOn(s -> s == 409).hasSize(threads - 1);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts WHERE email = ?").param(email).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void sign_ups_beyond_the_limit_of_an_address_are_refused_until_the_window_ends() throws Exception {
        String address = TestAddresses.fresh();
        for (int i = 0; i < 20; i++) {
            Reply reply = signUp(TestAddresses.freshEmail(), "a-long-enough-password", address);
            assertThat(reply.status()).as("sign-up %d", i + 1).isEqualTo(201);
        }

        Reply refused = signUp(TestAddresses.freshEmail(), "a-long-enough-password", address);

        assertProblem(refused, 429, "TOO_MANY_SIGN_UPS");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3000L, 3600L);
        assertThat(signUp(TestAddresses.freshEmail(), "a-long-enough-password", TestAddresses.fresh()).status())
                .as("another address is not limited").isEqualTo(201);
    }

    @Test
    void the_stored_password_is_a_bcrypt_hash_with_the_configured_cost() throws Exception {
        String email = TestAddresses.freshEmail();
        assertThat(signUp(email, "a-long-enough-password", TestAddresses.fresh()).status()).isEqualTo(201);

        String stored = jdbc.sql("SELECT password_hash FROM accounts WHERE email = ?").param(email)
                .query(String.class).single();

        assertThat(stored).startsWith("{bcrypt}$2a$05$").doesNotContain("a-long-enough-password");
    }
}
