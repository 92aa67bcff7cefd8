package dev.concert.identity.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, as the limiters count it. Clients reach identity-service only through the gateway,
 * which resolves the client's address (its connection's, or what trusted proxies in front of it reported) and sends
 * it as {@code X-Client-Address}, overwriting anything a client wrote there. X-Forwarded-For is not read: its entries
 * are partly the client's own writing. Without the header (a direct call) it is the connection's address.
 */
public final class ClientAddress {

    public static final String HEADER = "X-Client-Address";

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String relayed = request.getHeader(HEADER);
        return relayed != null && !relayed.isBlank() ? relayed.trim() : request.getRemoteAddr();
    }
}
