package dev.concert.gateway.ratelimit;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the service behind the route who the client is: {@code X-Client-Address} set to the address the gateway
 * resolved (ClientAddressKeyResolver: the connection's, or what trusted proxies reported). identity-service limits
 * sign-in and sign-up attempts per address with it. A client-written one never gets through (QueueTokenFilter drops
 * it on every route; this filter overwrites it).
 */
@Component
public class ClientAddressGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    public static final String HEADER = "X-Client-Address";

    private final ClientAddressKeyResolver addresses;

    public ClientAddressGatewayFilterFactory(ClientAddressKeyResolver addresses) {
        super(Object.class);
        this.addresses = addresses;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> addresses.resolve(exchange).flatMap(address -> chain.filter(exchange.mutate()
                .request(exchange.getRequest().mutate().headers(h -> h.set(HEADER, address)).build()).build()));
    }
}
