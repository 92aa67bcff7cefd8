package dev.concert.identity.authorization;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.concert.identity.IdentityIntegrationTest;
import dev.concert.identity.TestAddresses;
import dev.concert.identity.TokenVerification;
import dev.concert.testing.PkceSignIn;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sign-in a fan's app performs, over real HTTP with java.net.http (PkceSignIn): authorization request, login
 * form with its CSRF token, code, PKCE exchange, refresh with rotation; the tokens verified as a resource server
 * would. About 2 s (plus 8 s for the shared context if it runs first).
 */
@IdentityIntegrationTest
class PkceSignInIT {

    private static final String ISSUER = "http://localhost:8080/auth";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    String auth;
    String email;
    String accountId;
    PkceSignIn client;

    @BeforeEach
    void an_account() {
        auth = "http://127.0.0.1:" + port + "/auth";
        email = TestAddresses.freshEmail();
        client = PkceSignIn.at(auth).withHeader("X-Client-Address", TestAddresses.fresh());
        accountId = client.withHeader("X-Client-Address", TestAddresses.fresh()).signUp(email, "the-right-password").id();
    }

    @Test
    void signing_in_with_pkce_gives_verifiable_access_id_and_refresh_tokens() throws Exception {
        PkceSignIn.Tokens tokens = client.signIn(email, "the-right-password");

        JWTClaimsSet access = TokenVerification.verified(tokens.accessToken(), auth);
        assertThat(SignedJWT.parse(tokens.accessToken()).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(access.getSubject()).as("the account id").isEqualTo(accountId);
        assertThat(access.getAudience()).contains("concert-api");
        assertThat(access.getIssuer()).isEqualTo(ISSUER);
        assertThat(access.getStringClaim("email")).isEqualTo(email);
        assertThat(access.getExpirationTime().getTime() - access.getIssueTime().getTime()).isEqualTo(15 * 60 * 1000);
        assertThat(tokens.expiresIn()).isBetween(15 * 60 - 5L, 15 * 60L);

        JWTClaimsSet id = TokenVerification.verified(tokens.idToken(), auth);
        assertThat(id.getSubject()).isEqualTo(accountId);
        assertThat(id.getAudience()).containsExactly(PkceSignIn.CLIENT_ID);
        assertThat(id.getIssuer()).isEqualTo(ISSUER);

        assertThat(tokens.refreshToken()).as("a public client gets a refresh token here").hasSizeGreaterThan(40);
    }

    @Test
    void a_code_exchanged_with_the_wrong_verifier_is_refused() {
        PkceSignIn.AuthorizationCode code = client.begin().authorizationCode(email, "the-right-password");

        HttpResponse<String> refused = client.tokenRequest(Map.of("grant_type", "authorization_code",
                "client_id", PkceSignIn.CLIENT_ID, "code", code.code(), "redirect_uri", code.redirectUri(),
                "code_verifier", "a-verifier-that-did-not-make-the-challenge-0123456789"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_grant");
    }

    @Test
    void a_code_exchanged_without_a_verifier_is_refused() {
        PkceSignIn.AuthorizationCode code = client.begin().authorizationCode(email, "the-right-password");

        HttpResponse<String> refused = client.tokenRequest(Map.of("grant_type", "authorization_code",
                "client_id", PkceSignIn.CLIENT_ID, "code", code.code(), "redirect_uri", code.redirectUri()));

        assertThat(refused.statusCode()).as("without its verifier a public client is not authenticated")
                .isEqualTo(401);
    }

    @Test
    void a_code_is_good_for_one_exchange() {
        PkceSignIn.AuthorizationCode code = client.begin().authorizationCode(email, "the-right-password");
        client.exchange(code);

        assertThatThrownBy(() -> client.exchange(code)).isInstanceOf(PkceSignIn.Refused.class)
                .hasMessageContaining("invalid_grant");
    }

    @Test
    void a_refresh_gives_new_tokens_and_ends_the_old_refresh_token() throws Exception {
        PkceSignIn.Tokens first = client.signIn(email, "the-right-password");

        PkceSignIn.Tokens second = client.refresh(first.refreshToken());

        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.refreshToken()).isNotBlank().isNotEqualTo(first.refreshToken());
        JWTClaimsSet access = TokenVerification.verified(second.accessToken(), auth);
        assertThat(access.getSubject()).isEqualTo(accountId);
        assertThat(access.getAudience()).contains("concert-api");

        HttpResponse<String> reused = client.tokenRequest(Map.of("grant_type", "refresh_token",
                "client_id", PkceSignIn.CLIENT_ID, "refresh_token", first.refreshToken()));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("invalid_grant");

        assertThat(client.refresh(second.refreshToken()).accessToken()).as("the new one works").isNotBlank();
    }

    @Test
    void a_refresh_for_another_client_id_is_refused() {
        PkceSignIn.Tokens tokens = client.signIn(email, "the-right-password");

        HttpResponse<String> refused = client.tokenRequest(Map.of("grant_type", "refresh_token",
                "client_id", "someone-else", "refresh_token", tokens.refreshToken()));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("invalid_client");
    }

    @Test
    void the_password_grant_does_not_exist() {
        HttpResponse<String> refused = client.tokenRequest(Map.of("grant_type", "password",
                "client_id", PkceSignIn.CLIENT_ID, "username", email, "password", "the-right-password",
                "scope", "openid"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("unsupported_grant_type");
    }

    @Test
    void a_wrong_password_sends_back_to_the_login_form() {
        HttpResponse<String> response = client.begin().submit(email, "not-the-password");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login?error");
    }

    @Test
    void a_loopback_redirect_uri_may_use_any_port_a_foreign_one_none() {
        PkceSignIn.Tokens tokens = client.withRedirectUri("http://127.0.0.1:49152/callback")
                .signIn(email, "the-right-password");
        assertThat(tokens.accessToken()).isNotBlank();

        assertThatThrownBy(() -> client.withRedirectUri("http://localhost:3001/callback").begin())
                .isInstanceOf(PkceSignIn.Refused.class);
    }

    @Test
    void an_unauthenticated_authorization_request_is_redirected_to_the_login_form() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(auth
                + "/oauth2/authorize?response_type=code&client_id=concert-app&scope=openid"
                + "&redirect_uri=http://127.0.0.1:8765/callback&state=s"
                + "&code_challenge=" + PkceSignIn.challenge("v".repeat(43)) + "&code_challenge_method=S256"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/auth/login");
    }

    @Test
    void discovery_announces_the_issuer_the_endpoints_and_no_password_grant() throws Exception {
        JsonNode discovery = getJson(auth + "/.well-known/openid-configuration");

        assertThat(discovery.path("issuer").asString()).isEqualTo(ISSUER);
        assertThat(discovery.path("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
        assertThat(discovery.path("authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/authorize");
        assertThat(discovery.path("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
        assertThat(discovery.path("grant_types_supported").toString()).doesNotContain("password")
                .isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(discovery.path("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"none\"]");
        assertThat(discovery.path("code_challenge_methods_supported").toString()).contains("S256");

        HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"");
        assertThat(jwks.headers().firstValue("Cache-Control").orElse("")).as("resource servers see a rotation")
                .contains("no-store");
    }

    @Test
    void readiness_and_metrics_are_open_on_the_management_port_only() throws Exception {
        String management = "http://127.0.0.1:" + managementPort;
        assertThat(getJson(management + "/actuator/health/readiness").path("status").asString()).isEqualTo("UP");
        HttpResponse<String> prometheus = HTTP.send(HttpRequest.newBuilder(URI.create(management
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_");

        for (String path : java.util.List.of("/actuator/health/readiness", "/actuator/prometheus")) {
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(auth + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(auth + path).isEqualTo(404);
        }
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
