package dev.concert.identity.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address the limiters count. Milliseconds. */
class ClientAddressTest {

    @Test
    void the_address_the_gateway_resolved_counts_and_x_forwarded_for_does_not() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("172.16.0.9");
        request.addHeader("X-Forwarded-For", "6.6.6.6, 10.0.0.1");
        request.addHeader("X-Client-Address", " 203.0.113.7 ");

        assertThat(ClientAddress.of(request)).isEqualTo("203.0.113.7");
    }

    @Test
    void without_the_header_it_is_the_connections_address() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("172.16.0.9");

        assertThat(ClientAddress.of(request)).isEqualTo("172.16.0.9");
    }
}
