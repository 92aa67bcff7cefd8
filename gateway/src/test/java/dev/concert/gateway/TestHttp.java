package dev.concert.gateway;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;

import dev.concert.testing.TestIssuer;
import dev.concert.token.QueueTokens;

/** The HTTP client of the gateway's integration tests: a failed exchange fails the test, it is never an answer. */
final class TestHttp {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private TestHttp() {
    }

    /** A request as the queue token's owner makes it: their access token, and the queue token in its header. */
    static HttpRequest.Builder asOwner(HttpRequest.Builder request, String queueToken) {
        return signedIn(request, ownerOf(queueToken)).header(QueueTokens.HEADER, queueToken);
    }

    /** A request with a genuine access token of this user from the tests' identity provider. */
    static HttpRequest.Builder signedIn(HttpRequest.Builder request, UUID user) {
        return request.header("Authorization", "Bearer " + TestIssuer.shared().accessToken(user));
    }

    /** The user a queue token names (read without verifying: the gateway verifies). */
    static UUID ownerOf(String queueToken) {
        try {
            return UUID.fromString(SignedJWT.parse(queueToken).getJWTClaimsSet().getSubject());
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
