package dev.concert.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.concert.gateway.GatewaySettings;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Who a token-issue request is counted against: the connection, unless a trusted proxy says who it forwarded. */
class ClientAddressKeyResolverTest {

    private static String keyOf(List<String> trustedCidrs, String peer, String... forwardedFor) {
        GatewaySettings settings = new GatewaySettings(Map.of(), Duration.ofSeconds(20), Duration.ofSeconds(1), 1,
                trustedCidrs, true, null);
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/api/v1/queue/tokens")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        if (forwardedFor.length > 0) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return new ClientAddressKeyResolver(settings).resolve(MockServerWebExchange.from(request)).block();
    }

    @Test
    void a_client_connecting_directly_cannot_pick_its_key_by_writing_X_Forwarded_For() {
        assertThat(keyOf(List.of(), "203.0.113.9", "10.1.2.3")).isEqualTo("203.0.113.9");
        assertThat(keyOf(List.of(), "203.0.113.9", "10.9.9.9")).isEqualTo("203.0.113.9");
        assertThat(keyOf(List.of("10.0.0.0/8"), "203.0.113.9", "10.1.2.3")).as("not from a trusted network")
                .isEqualTo("203.0.113.9");
    }

    @Test
    void behind_a_trusted_proxy_the_address_it_appended_is_the_key_and_client_written_entries_are_ignored() {
        assertThat(keyOf(List.of("10.0.0.0/8"), "10.0.4.7", "198.51.100.20")).isEqualTo("198.51.100.20");
        assertThat(keyOf(List.of("10.0.0.0/8"), "10.0.4.7", "6.6.6.6, 198.51.100.20")).isEqualTo("198.51.100.20");
        assertThat(keyOf(List.of("127.0.0.1"), "127.0.0.1", "198.51.100.21")).isEqualTo("198.51.100.21");
    }

    @Test
    void a_trusted_proxy_that_forwards_nothing_is_keyed_by_its_connection() {
        assertThat(keyOf(List.of("10.0.0.0/8"), "10.0.4.7")).isEqualTo("10.0.4.7");
    }

    @Test
    void a_malformed_network_fails_the_start_up() {
        assertThatThrownBy(() -> ClientAddressKeyResolver.network("10.0.0.0/abc"))
                .isInstanceOf(NumberFormatException.class);
    }
}
