package dev.concert.gateway.ratelimit;

import java.net.InetSocketAddress;

import dev.concert.gateway.GatewaySettings;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The rate-limit key of token issue: the client's address as the outermost trusted proxy saw it. Entries a client
 * writes into X-Forwarded-For itself are not trusted (it could otherwise pick a fresh key for every request).
 */
@Component("clientAddressKeyResolver")
public class ClientAddressKeyResolver implements KeyResolver {

    private final RemoteAddressResolver addresses;

    public ClientAddressKeyResolver(GatewaySettings settings) {
        this.addresses = settings.trustedProxies() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(settings.trustedProxies())
                : new RemoteAddressResolver() {
                };
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        InetSocketAddress address = addresses.resolve(exchange);
        if (address == null) {
            return Mono.just("unknown");
        }
        return Mono.just(address.getAddress() != null ? address.getAddress().getHostAddress()
                : address.getHostString());
    }
}
