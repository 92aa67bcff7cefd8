package dev.concert.gateway;

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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances on the same real Redis (database 1), as behind a load balancer: the per-client limit on
 * token issue is one budget for the client whichever instance it reaches. queue-service is a stub here; what is
 * measured is what the gateways let through.
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
        for (int i = 0; i < 2; i++) {
            gateways.add(new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE)
                    .run("--server.port=0", "--spring.jmx.enabled=false", "--spring.data.redis.database=1",
                            "--queue.token.keys[0].id=k1", "--queue.token.keys[0].secret=" + SECRET,
                            "--QUEUE_SERVICE_URLS=" + queueService.url(), "--GATEWAY_ISSUE_RATE_PER_SECOND=1",
                            "--GATEWAY_ISSUE_BURST=3", "--logging.level.root=WARN",
                            "--GATEWAY_TRUSTED_PROXY_CIDRS=127.0.0.1/32"));
        }
        direct = new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--spring.jmx.enabled=false", "--spring.data.redis.database=1",
                        "--queue.token.keys[0].id=k1", "--queue.token.keys[0].secret=" + SECRET,
                        "--QUEUE_SERVICE_URLS=" + queueService.url(), "--GATEWAY_ISSUE_RATE_PER_SECOND=1",
                        "--GATEWAY_ISSUE_BURST=3", "--logging.level.root=WARN");
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
    void a_client_has_one_token_issue_budget_across_all_gateway_instances() {
        String client = "10." + ThreadLocalRandom.current().nextInt(256) + "."
                + ThreadLocalRandom.current().nextInt(256) + ".7";
        int passed = 0;
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            int status = issue(gateways.get(i % 2), client).statusCode();
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
        assertThat(issue(gateways.get(0), "10.0.0." + ThreadLocalRandom.current().nextInt(1, 255)).statusCode())
                .as("another client has its own budget").isEqualTo(200);
    }

    @Test
    void a_client_that_reaches_the_gateway_directly_cannot_buy_fresh_budgets_with_made_up_X_Forwarded_For() {
        int passed = 0;
        for (int i = 0; i < 20; i++) {
            String madeUp = "10." + ThreadLocalRandom.current().nextInt(256) + "."
                    + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
            int status = issue(direct, madeUp).statusCode();
            if (status != 429) {
                assertThat(status).isEqualTo(200);
                passed++;
            }
        }
        // one budget (burst 3, +1 per second) for the connection's address, however many addresses it claims
        assertThat(passed).isBetween(0, 5);
    }

    private static HttpResponse<String> issue(ConfigurableApplicationContext gateway, String client) {
        String port = gateway.getEnvironment().getProperty("local.server.port");
        URI tokens = URI.create("http://127.0.0.1:" + port + "/api/v1/queue/tokens");
        HttpRequest.Builder request = HttpRequest.newBuilder(tokens).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + UUID.randomUUID() + "\"}"));
        return send(request);
    }
}
