package dev.concert.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * The load balancer of {@code lb://} routes picks only among instances that answer their readiness probe
 * ({@code spring.cloud.loadbalancer.health-check.*}: path, every 5 s by default; on each instance's management port,
 * {@link HealthyInstances}). A killed instance is also
 * covered between two checks by the routes' retry on connection failure; what only the probe catches is an
 * instance that accepts connections but does not answer (hung, overloaded, shutting down): without it, its share of
 * requests would wait for the time limiter and then trip the whole service's breaker.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = HealthyInstances.class)
class InstanceHealthChecks {
}
