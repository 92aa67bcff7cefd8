package dev.concert.identity.keys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.concert.identity.TestAddresses;
import dev.concert.identity.TokenVerification;
import dev.concert.testing.PkceSignIn;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotating the signing key through the admin API: tokens signed before still verify while the old key is published
 * (access-token TTL + grace, made 3 s + 2 s here), new tokens carry the new kid, then the old key leaves the JWK set.
 * Its own context and database (identity_keys_test_db), so rotating does not disturb the other suites. About 6 s
 * (the wait for the grace), plus 5 s for its context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:mysql://${DB_HOST:127.0.0.1}:${DB_PORT:3306}/identity_keys_test_db"
                + "?createDatabaseIfNotExist=true&connectionTimeZone=UTC",
        "identity.access-token-ttl=3s",
        "identity.keys.retired-grace=2s",
        "identity.keys.refresh=1s"})
@ActiveProfiles("test")
class KeyRotationIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_KEY = "test-admin-key";

    @LocalServerPort
    int port;

    String auth;

    @BeforeEach
    void base() {
        auth = "http://127.0.0.1:" + port + "/auth";
    }

    private HttpResponse<String> admin(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(auth + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("X-Admin-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PkceSignIn.Tokens signIn() {
        String email = TestAddresses.freshEmail();
        PkceSignIn client = PkceSignIn.at(auth).withHeader("X-Client-Address", TestAddresses.fresh());
        client.signUp(email, "the-right-password");
        return client.signIn(email, "the-right-password");
    }

    @Test
    void a_rotation_signs_new_tokens_with_the_new_key_and_retires_the_old_one_after_the_grace() throws Exception {
        PkceSignIn.Tokens before = signIn();
        String oldKid = TokenVerification.kid(before.accessToken());

        HttpResponse<String> rotated = admin("POST", "/admin/keys/rotation", ADMIN_KEY);

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newKid = JSON.readTree(rotated.body()).path("kid").asString();
        assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);
        assertThat(TokenVerification.publishedKids(auth)).contains(oldKid, newKid);
        assertThat(TokenVerification.verified(before.accessToken(), auth).getSubject())
                .as("a token signed before the rotation still verifies").isNotBlank();

        PkceSignIn.Tokens after = signIn();
        assertThat(TokenVerification.kid(after.accessToken())).isEqualTo(newKid);
        assertThat(TokenVerification.kid(after.idToken())).isEqualTo(newKid);
        TokenVerification.verified(after.accessToken(), auth);

        JsonNode keys = JSON.readTree(admin("GET", "/admin/keys", ADMIN_KEY).body());
        JsonNode old = null;
        for (JsonNode key : keys) {
            if (key.path("kid").asString().equals(oldKid)) {
                old = key;
            }
            if (key.path("kid").asString().equals(newKid)) {
                assertThat(key.path("retired").isNull()).isTrue();
                assertThat(key.path("publishedUntil").isNull()).isTrue();
            }
        }
        assertThat(old).isNotNull();
        assertThat(old.path("retired").isNull()).isFalse();
        assertThat(old.path("publishedUntil").asString()).isNotBlank();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(TokenVerification.publishedKids(auth)).doesNotContain(oldKid));
        assertThat(TokenVerification.publishedKids(auth)).contains(newKid);
    }

    @Test
    void a_rotation_without_the_admin_key_or_with_a_wrong_one_is_refused() throws Exception {
        HttpResponse<String> without = admin("POST", "/admin/keys/rotation", null);
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.body()).contains("ADMIN_KEY_REQUIRED");

        HttpResponse<String> wrong = admin("POST", "/admin/keys/rotation", "not-the-admin-key");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("ADMIN_KEY_INVALID");
        assertThat(wrong.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        assertThat(admin("GET", "/admin/keys", "not-the-admin-key").statusCode()).isEqualTo(403);
    }
}
