package dev.concert.gateway.routing;

import java.net.URI;
import java.util.List;

import dev.concert.gateway.GatewaySettings;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;

/**
 * The instances of each service, from configuration ({@code gateway.upstreams.<service>}, e.g.
 * {@code QUEUE_SERVICE_URLS=http://10.0.0.5:8081,http://10.0.0.6:8081}); the load balancer of {@code lb://} routes
 * takes turns among them. In Kubernetes a single Service URL per service does the same.
 */
@Component
class StaticUpstreams implements ReactiveDiscoveryClient {

    private final GatewaySettings settings;

    StaticUpstreams(GatewaySettings settings) {
        this.settings = settings;
    }

    @Override
    public String description() {
        return "service instances from gateway.upstreams";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        List<URI> urls = settings.upstreams().getOrDefault(serviceId, List.of());
        return Flux.range(0, urls.size()).map(i -> {
            URI url = urls.get(i);
            boolean secure = "https".equalsIgnoreCase(url.getScheme());
            int port = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
            return new DefaultServiceInstance(serviceId + "-" + i, serviceId, url.getHost(), port, secure);
        });
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(settings.upstreams().keySet());
    }
}
