package dev.concert.gateway.routing;

import java.net.URI;
import java.time.Duration;

import io.netty.channel.ChannelOption;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.netty.http.client.HttpClient;

/**
 * Each service's instance list in its own load-balancer context (see {@link InstanceHealthChecks}): the configured
 * instances, filtered by their readiness probe. The probe goes to the instance's management port, which is not the
 * port requests go to: the instance URL's port plus {@code gateway.instance-health.management-port-offset} (1000,
 * as every app's default management port is its API port + 1000). {@code gateway.instance-health.enabled=false}
 * routes to every configured instance unprobed (a Kubernetes Service URL: it sends only to ready pods itself). When
 * no instance of a service passes its probe, all of them get requests ({@link FailOpenInstances}); an instance the
 * gateway's requests found unanswering is set aside between probes ({@link OutlierEjection}).
 * Deliberately neither a component nor nested in one, so that only the load-balancer contexts load it.
 */
class HealthyInstances {

    static final String ENABLED = "gateway.instance-health.enabled";
    static final String MANAGEMENT_PORT_OFFSET = "gateway.instance-health.management-port-offset";

    @Bean
    ServiceInstanceListSupplier readyInstances(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        OutlierEjection outliers = context.getBean(OutlierEjection.class);
        ServiceInstanceListSupplierBuilder instances = ServiceInstanceListSupplier.builder().withDiscoveryClient();
        if (!environment.getProperty(ENABLED, Boolean.class, true)) {
            ServiceInstanceListSupplier configured = instances.build(context);
            return new FailOpenInstances(configured, configured, outliers);
        }
        int offset = environment.getProperty(MANAGEMENT_PORT_OFFSET, Integer.class, 1000);
        // a probe that cannot connect within a second fails at once instead of at the end of the interval
        WebClient probes = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Duration.ofSeconds(1).toMillis())))
                .filter((probe, next) -> next.exchange(ClientRequest.from(probe)
                        .url(onManagementPort(probe.url(), offset)).build()))
                .build();
        ServiceInstanceListSupplier configured = ServiceInstanceListSupplier.builder().withDiscoveryClient()
                .build(context);
        return new FailOpenInstances(instances.withHealthChecks(probes).build(context), configured, outliers);
    }

    /** The same URL on the instance's management port: its own port (explicit or the scheme's) plus the offset. */
    static URI onManagementPort(URI url, int offset) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return UriComponentsBuilder.fromUri(url).port(port + offset).build(true).toUri();
    }
}
