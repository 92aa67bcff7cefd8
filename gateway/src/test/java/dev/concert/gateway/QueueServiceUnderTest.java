package dev.concert.gateway;

import dev.concert.testing.TestIssuer;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import dev.concert.queue.QueueServiceApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real queue-service, started in this JVM from its plain jar with its own application.yml (read from its jar:
 * the gateway's application.yml comes first on this classpath) and test overrides on the command line.
 */
final class QueueServiceUnderTest implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    QueueServiceUnderTest(String... overrides) {
        URL home = QueueServiceApplication.class.getProtectionDomain().getCodeSource().getLocation();
        String config = home.toString().endsWith(".jar") ? "jar:" + home + "!/application.yml"
                : home + "application.yml";
        // its actuator on its own port, where the gateway's readiness probe looks for it (API port + 1000)
        int port = ManagementPorts.freeApiPort();
        List<String> args = new ArrayList<>(List.of("--spring.config.location=" + config, "--server.port=" + port,
                "--management.server.port=" + (port + ManagementPorts.OFFSET),
                "--spring.kafka.listener.auto-startup=false", "--spring.jmx.enabled=false",
                // the gateway's jars share this classpath: keep Spring Cloud Gateway out of the servlet app
                "--spring.cloud.gateway.server.webflux.enabled=false",
                "--spring.autoconfigure.exclude=org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration"));
        // it trusts the tests' identity provider, as the gateway under test does
        TestIssuer issuer = TestIssuer.shared();
        args.addAll(List.of("--concert.access-token.issuers.test.issuer=" + issuer.issuer(),
                "--concert.access-token.issuers.test.jwk-set-uri=" + issuer.jwkSetUri(),
                "--concert.access-token.issuers.test.subject-is-account-id=true"));
        args.addAll(List.of(overrides));
        context = new SpringApplicationBuilder(QueueServiceApplication.class).web(WebApplicationType.SERVLET)
                .run(args.toArray(String[]::new));
    }

    String url() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
