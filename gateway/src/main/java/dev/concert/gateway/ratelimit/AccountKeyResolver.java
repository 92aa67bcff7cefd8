package dev.concert.gateway.ratelimit;

import java.security.Principal;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The rate-limit key of token issue per person: the signed-in account (from the verified access token), so that
 * one account gets one budget whatever address it comes from. An id made up in a body no longer counts for
 * anything; a new budget needs a new account, which sign-up limits.
 */
@Component("accountKeyResolver")
public class AccountKeyResolver implements KeyResolver {

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        // the route needs an access token, so there is always a principal; an empty key would be refused (403)
        return exchange.getPrincipal().map(Principal::getName).map(account -> "account:" + account);
    }
}
