package dev.concert.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.concert.testing.PkceSignIn;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client app talking to the gateway: JSON in, status and JSON out. Who calls is an {@link As}: the user's access
 * token ({@code Authorization: Bearer}) and, for the routes that need one, their queue token ({@code Queue-Token}).
 * Accounts are made and signed in through the gateway as well: sign-up at {@code POST /api/v1/accounts}, the PKCE
 * sign-in at {@code authBase} ({@code http://localhost:<gateway port>/auth}: the issuer the stack's tokens name).
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String QUEUE_TOKEN_HEADER = "Queue-Token"; // dev.concert.token.QueueTokens.HEADER
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    private final String base;
    private final String authBase;

    Api(String base, String authBase) {
        this.base = base;
        this.authBase = authBase;
    }

    /** The credentials of a request; either may be null (not sent). */
    record As(String accessToken, String queueToken) {
        static final As NOBODY = new As(null, null);

        static As accessToken(String accessToken) {
            return new As(accessToken, null);
        }
    }

    record Reply(int status, JsonNode body, String raw) {
        String code() {
            return body == null ? null : body.path("code").asString(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    String base() {
        return base;
    }

    String authBase() {
        return authBase;
    }

    /** A new account (a fresh email), signed in: access and refresh token, no queue token yet. */
    Fan newFan() {
        String email = "fan-" + UUID.randomUUID() + "@e2e.example.com";
        String password = "e2e-" + UUID.randomUUID();
        PkceSignIn.Account account = PkceSignIn.signUp(base, email, password);
        PkceSignIn.Tokens tokens = PkceSignIn.signIn(authBase, email, password);
        return new Fan(UUID.fromString(account.id()), email, password, tokens);
    }

    /** Signs the fan in again (a fresh PKCE flow): new access and refresh token. */
    void signInAgain(Fan fan) {
        fan.tokens(PkceSignIn.signIn(authBase, fan.email(), fan.password()));
    }

    /** The refresh grant: the fan's refresh token for new tokens (the old refresh token is spent). */
    void refresh(Fan fan) {
        fan.tokens(PkceSignIn.refresh(authBase, fan.refreshToken()));
    }

    /**
     * {@code POST /api/v1/queue/tokens}: a place in the waiting room of a schedule's sale (a room's id is its
     * schedule's), for the signed-in user; the fan keeps the token on 201.
     */
    Reply issueQueueToken(Fan fan, String scheduleId) {
        Reply issued = post("/api/v1/queue/tokens", fan.signedIn(), Map.of("roomId", scheduleId));
        if (issued.status() == 201) {
            fan.queueToken(issued.body().path("token").asString());
        }
        return issued;
    }

    Reply get(String path, As as) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), as, Map.of());
    }

    Reply delete(String path, As as) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), as, Map.of());
    }

    /** {@code body} null: none at all. */
    Reply post(String path, As as, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    body instanceof String s ? s : JSON.writeValueAsString(body)));
        }
        return send(request, as, headers);
    }

    /** A POST to an absolute address (a service's own admin API, not the gateway), with only these headers. */
    Reply postTo(String url, Map<String, String> headers, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), As.NOBODY, headers);
    }

    Reply post(String path, As as, Object body) {
        return post(path, as, body, Map.of());
    }

    Reply postIdempotent(String path, As as, Object body) {
        return post(path, as, body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private Reply send(HttpRequest.Builder request, As as, Map<String, String> headers) {
        request.timeout(Duration.ofSeconds(15));
        if (as.accessToken() != null) {
            request.header("Authorization", "Bearer " + as.accessToken());
        }
        if (as.queueToken() != null) {
            request.header(QUEUE_TOKEN_HEADER, as.queueToken());
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank() && (raw.startsWith("{") || raw.startsWith("["))) {
                body = JSON.readTree(raw);
            }
            return new Reply(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
