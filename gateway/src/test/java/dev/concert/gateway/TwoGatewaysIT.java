package dev.concert.gateway;

import dev.concert.testing.TestIssuer;

import static dev.concert.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances on the same real Redis (database 1), as behind a load balancer: the per-account limit on
 * token issue is one budget for the account whichever instance it reaches. queue-service and identity-service are
 * stubs here; what is measured is what the gateways let through and what they tell the services.
 */
class TwoGatewaysIT {

    static final String SECRET = "two-gateways-test-secret-two-gateways-test";

    static StubUpstream queueService;
    static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();
    /** a gateway clients reach directly (no trusted proxy configured), as docker compose publishes it */
    static ConfigurableApplicationContext direct;

    @BeforeAll
    static void start() throws IOException {
        queueService = new StubUpstream("queue-service");
        TestIssuer issuer = TestIssuer.shared();
        String[] trust = {"--concert.access-token.issuers.test.issuer=" + issuer.issuer(),
                "--concert.access-token.issuers.test.jwk-set-uri=" + issuer.jwkSetUri(),
                "--concert.access-token.issuers.test.subject-is-account-id=true"};
        for (int i = 0; i < 2; i++) {
            gateways.add(new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE)
                    .run("--server.port=0", "--management.server.port=0", "--spring.jmx.enabled=false",
                            "--spring.data.redis.database=1",
                            "--queue.token.keys[0].id=k1", "--queue.token.keys[0].secret=" + SECRET,
                            "--QUEUE_SERVICE_URLS=" + queueService.url(), "--IDENTITY_SERVICE_URLS=" + queueService.url(),
                            "--GATEWAY_ISSUE_RATE_PER_SECOND=1",
                            "--GATEWAY_ISSUE_BURST=3", "--logging.level.root=WARN",
                            "--GATEWAY_TRUSTED_PROXY_CIDRS=127.0.0.1/32", trust[0], trust[1], trust[2]));
        }
        direct = new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--management.server.port=0", "--spring.jmx.enabled=false",
                        "--spring.data.redis.database=1",
                        "--queue.token.keys[0].id=k1", "--queue.token.keys[0].secret=" + SECRET,
                        "--QUEUE_SERVICE_URLS=" + queueService.url(), "--IDENTITY_SERVICE_URLS=" + queueService.url(),
                        "--GATEWAY_ISSUE_RATE_PER_SECOND=1",
                        "--GATEWAY_ISSUE_BURST=3", "--logging.level.root=WARN", trust[0], trust[1], trust[2]);
    }

    @AfterAll
    static void stop() {
        gateways.forEach(ConfigurableApplicationContext::close);
        if (direct != null) {
            direct.close();
        }
        if (queueService != null) {
            queueService.close();
        }
    }

    @Test
    void an_account_has_one_token_issue_budget_across_all_gateway_instances_and_addresses() {
        UUID account = UUID.randomUUID();
        int passed = 0;
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            int status = issue(gateways.get(i % 2), account, randomAddress()).statusCode();
            if (status == 429) {
                limited++;
            } else {
                assertThat(status).isEqualTo(200); // the stub's answer: the request got through
                passed++;
            }
        }

        // burst 3 (+1 if a second passed meanwhile); two separate budgets would let 6 through
        assertThat(passed).isBetween(3, 4);
        assertThat(limited).isEqualTo(8 - passed);
        assertThat(issue(gateways.get(0), UUID.randomUUID(), randomAddress()).statusCode())
                .as("another account has its own budget").isEqualTo(200);
    }

    @Test
    void identity_service_learns_the_clients_address_only_from_trusted_proxies() throws Exception {
        String claimed = randomAddress();

        JsonNode behindProxy = signUp(gateways.get(0), claimed);
        JsonNode direct = signUp(TwoGatewaysIT.direct, claimed);

        // the gateways behind the (trusted) test proxy believe its X-Forwarded-For; the directly reached one does not
        assertThat(behindProxy.get("clientAddress").asString()).isEqualTo(claimed);
        assertThat(direct.get("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(direct.get("path").asString()).isEqualTo("/auth/api/v1/accounts");
    }

    private static JsonNode signUp(ConfigurableApplicationContext gateway, String claimedAddress) {
        String port = gateway.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/accounts")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", claimedAddress).header("X-Client-Address", "6.6.6.6")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static HttpResponse<String> issue(ConfigurableApplicationContext gateway, UUID account, String client) {
        String port = gateway.getEnvironment().getProperty("local.server.port");
        URI tokens = URI.create("http://127.0.0.1:" + port + "/api/v1/queue/tokens");
        HttpRequest.Builder request = TestHttp.signedIn(HttpRequest.newBuilder(tokens), account)
                .timeout(Duration.ofSeconds(10)).header("X-Forwarded-For", client)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + UUID.randomUUID() + "\"}"));
        return send(request);
    }
}
