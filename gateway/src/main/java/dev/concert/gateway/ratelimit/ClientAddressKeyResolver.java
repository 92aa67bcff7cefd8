package dev.concert.gateway.ratelimit;

import java.net.InetSocketAddress;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.util.List;

import dev.concert.gateway.GatewaySettings;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The rate-limit key of token issue: the client's address. X-Forwarded-For is believed only on a connection from a
 * trusted proxy ({@code gateway.trusted-proxy-cidrs}), and then only the entries those proxies appended
 * ({@code gateway.trusted-proxies}); any other connection is keyed by its own address, whatever headers it sends (a
 * client could otherwise pick a fresh key for every request).
 */
@Component("clientAddressKeyResolver")
@Primary // the default key of a rate limit that names none
public class ClientAddressKeyResolver implements KeyResolver {

    private final RemoteAddressResolver connection = new RemoteAddressResolver() {
    };
    private final RemoteAddressResolver forwarded;
    private final List<IpSubnetFilterRule> trustedProxies;

    public ClientAddressKeyResolver(GatewaySettings settings) {
        this.forwarded = settings.trustedProxies() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(settings.trustedProxies()) : connection;
        this.trustedProxies = settings.trustedProxyCidrs().stream().map(ClientAddressKeyResolver::network).toList();
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        InetSocketAddress peer = connection.resolve(exchange);
        InetSocketAddress address = fromTrustedProxy(peer) ? forwarded.resolve(exchange) : peer;
        if (address == null) {
            return Mono.just("unknown");
        }
        return Mono.just(address.getAddress() != null ? address.getAddress().getHostAddress()
                : address.getHostString());
    }

    private boolean fromTrustedProxy(InetSocketAddress peer) {
        if (peer == null || peer.getAddress() == null) {
            return false;
        }
        return trustedProxies.stream().anyMatch(network -> network.matches(peer));
    }

    /** {@code 10.0.0.0/8}, {@code 127.0.0.1} (one address) or an IPv6 network; a typo fails the start-up. */
    static IpSubnetFilterRule network(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        int prefix = slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(cidr.substring(slash + 1));
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }
}
