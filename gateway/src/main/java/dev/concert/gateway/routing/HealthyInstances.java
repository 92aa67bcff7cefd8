package dev.concert.gateway.routing;

import java.time.Duration;

import io.netty.channel.ChannelOption;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;

/**
 * Each service's instance list in its own load-balancer context (see {@link InstanceHealthChecks}): the configured
 * instances, filtered by their readiness probe. Deliberately neither a component nor nested in one, so that only
 * the load-balancer contexts load it.
 */
class HealthyInstances {

    @Bean
    ServiceInstanceListSupplier readyInstances(ConfigurableApplicationContext context) {
        // a probe that cannot connect within a second fails at once instead of at the end of the interval
        WebClient probes = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Duration.ofSeconds(1).toMillis()))).build();
        return ServiceInstanceListSupplier.builder().withDiscoveryClient().withHealthChecks(probes).build(context);
    }
}
