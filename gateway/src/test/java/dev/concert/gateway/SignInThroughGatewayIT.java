package dev.concert.gateway;

import static dev.concert.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concert.queue.room.Rooms;
import dev.concert.testing.PkceSignIn;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-up and sign-in through the real gateway against the real identity-service (its own process, real MariaDB and
 * Redis), with the real queue-service behind: the platform's own provider, trusted by the same configuration an
 * operator writes (issuer = the gateway's public /auth URL, keys fetched from identity-service directly). About 15 s
 * of which ~10 s are identity-service's start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SignInThroughGatewayIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "{gwsignin-" + RUN + "}:";
    /** The waiting room the fans queue in (open). */
    static final UUID ROOM = UUID.randomUUID();
    static final String SECRET = "sign-in-through-gateway-test-secret-xyz";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static int port;
    static IdentityServiceUnderTest identity;
    static QueueServiceUnderTest queueService;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String issuer = "http://localhost:" + port + "/auth";
        identity = new IdentityServiceUnderTest(issuer, Map.of());
        String[] trustIdentity = {"--concert.access-token.issuers.bundled.issuer=" + issuer,
                "--concert.access-token.issuers.bundled.jwk-set-uri=" + identity.jwkSetUri(),
                "--concert.access-token.jwk-refresh-min-interval=0s"};
        queueService = new QueueServiceUnderTest("--spring.data.redis.database=1", "--queue.key-prefix=" + PREFIX,
                "--queue.token.keys[0].id=k1", "--queue.token.keys[0].secret=" + SECRET, "--logging.level.root=WARN",
                trustIdentity[0], trustIdentity[1], trustIdentity[2]);
        queueService.bean(Rooms.class).saleAnnounced(ROOM, Instant.parse("2020-01-01T00:00:00Z"));
        registry.add("server.port", () -> port);
        registry.add("management.server.port", () -> 0);
        registry.add("spring.data.redis.database", () -> 1);
        registry.add("queue.key-prefix", () -> PREFIX);
        registry.add("queue.token.keys[0].id", () -> "k1");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("QUEUE_SERVICE_URLS", queueService::url);
        registry.add("IDENTITY_SERVICE_URLS", identity::url);
        registry.add("concert.access-token.issuers.bundled.issuer", () -> issuer);
        registry.add("concert.access-token.issuers.bundled.jwk-set-uri", identity::jwkSetUri);
        registry.add("concert.access-token.jwk-refresh-min-interval", () -> "0s");
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "2s");
    }

    @AfterAll
    static void stop(@Autowired StringRedisTemplate redis) {
        if (queueService != null) {
            queueService.close();
        }
        if (identity != null) {
            identity.close();
        }
        // the queue's own keys and its room's ({gwsignin-<run>:room:<id>}:...)
        try (var keys = redis.scan(ScanOptions.scanOptions().match("{gwsignin-" + RUN + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    @Test
    void a_fan_signs_up_and_signs_in_through_the_gateway_and_queues_as_that_account() throws Exception {
        String email = "fan-" + UUID.randomUUID() + "@example.com";
        PkceSignIn.Account account = awaitSignUp(email);

        PkceSignIn.Tokens tokens = PkceSignIn.signIn(auth(), email, "a-long-enough-password");
        HttpResponse<String> issued = issue(tokens.accessToken());

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String queueToken = JSON.readTree(issued.body()).get("token").asString();
        assertThat(subject(queueToken)).as("the queue token is the signed-in account's").isEqualTo(account.id());
        assertThat(JSON.readTree(issued.body()).get("roomId").asString()).isEqualTo(ROOM.toString());
        HttpResponse<String> status = send(request("/api/v1/queue/status")
                .header("Authorization", "Bearer " + tokens.accessToken()).header(QueueTokens.HEADER, queueToken));
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);

        // a refreshed access token works too, and the same account gets the same live queue token back
        PkceSignIn.Tokens refreshed = PkceSignIn.refresh(auth(), tokens.refreshToken());
        HttpResponse<String> again = issue(refreshed.accessToken());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(JSON.readTree(again.body()).get("token").asString()).isEqualTo(queueToken);
    }

    @Test
    void a_key_rotation_at_the_provider_is_followed_without_restarting_the_gateway() throws Exception {
        String email = "fan-" + UUID.randomUUID() + "@example.com";
        awaitSignUp(email);
        String before = PkceSignIn.signIn(auth(), email, "a-long-enough-password").accessToken();
        assertThat(issue(before).statusCode()).isEqualTo(201);

        identity.rotateKeys();
        String after = PkceSignIn.signIn(auth(), email, "a-long-enough-password").accessToken();

        assertThat(keyId(after)).isNotEqualTo(keyId(before));
        assertThat(issue(after).statusCode()).as("the new key, fetched on first sight").isEqualTo(201);
        assertThat(issue(before).statusCode()).as("the retired key, still published in its grace").isEqualTo(201);
    }

    @Test
    void a_token_of_the_provider_for_another_audience_or_signed_by_another_key_is_refused() throws Exception {
        String email = "fan-" + UUID.randomUUID() + "@example.com";
        awaitSignUp(email);
        String genuine = PkceSignIn.signIn(auth(), email, "a-long-enough-password").accessToken();
        String[] parts = genuine.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        HttpResponse<String> refused = issue(forged);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("ACCESS_TOKEN_INVALID");
    }

    /** The gateway's probe of identity-service may take a moment after start: sign-up is retried until routed. */
    private PkceSignIn.Account awaitSignUp(String email) {
        PkceSignIn client = PkceSignIn.at("http://localhost:" + port);
        PkceSignIn.Account[] account = new PkceSignIn.Account[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> response = client.signUpResponse(email, "a-long-enough-password");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(response.body());
            account[0] = new PkceSignIn.Account(body.get("id").asString(), body.get("email").asString());
        });
        return account[0];
    }

    @Test
    void identity_services_actuator_is_not_reachable_through_the_gateway() {
        await().atMost(Duration.ofSeconds(30)).until(() -> send(request("/auth/.well-known/openid-configuration")
                .GET()).statusCode() == 200);

        // /auth/** goes to identity-service's public port: its actuator is on its management port only
        for (String path : List.of("/auth/actuator/health", "/auth/actuator/health/readiness",
                "/auth/actuator/prometheus")) {
            assertThat(send(request(path).GET()).statusCode()).as(path).isEqualTo(404);
        }
    }

    private HttpResponse<String> issue(String accessToken) {
        return send(request("/api/v1/queue/tokens").header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + ROOM + "\"}")));
    }

    private static String auth() {
        return "http://localhost:" + port + "/auth";
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private static String subject(String jwt) throws ParseException {
        return SignedJWT.parse(jwt).getJWTClaimsSet().getSubject();
    }

    private static String keyId(String jwt) throws ParseException {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }
}
