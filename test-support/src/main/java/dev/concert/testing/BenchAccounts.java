package dev.concert.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

/**
 * Signed-in accounts for the benchmarks from bench/bench-issuer.java, the identity provider the benchmark scripts
 * start and tell the services to trust ({@code -Dbench.issuer=http://127.0.0.1:<port>}). Without it a benchmark run
 * by hand falls back to {@link TestIssuer}, which a service trusts only when told (the benchmark prints how).
 */
public final class BenchAccounts {

    /** The benchmark's identity provider, if the script started one. */
    public static final String ISSUER_PROPERTY = "bench.issuer";

    public record Account(UUID id, String accessToken) {
    }

    private BenchAccounts() {
    }

    public static boolean fromBenchIssuer() {
        return System.getProperty(ISSUER_PROPERTY) != null;
    }

    /** {@code n} new accounts with their access tokens, from the bench issuer or else the {@link TestIssuer}. */
    public static List<Account> signedIn(int n) {
        String issuer = System.getProperty(ISSUER_PROPERTY);
        if (issuer == null) {
            return java.util.stream.IntStream.range(0, n).parallel().mapToObj(i -> {
                UUID id = UUID.randomUUID();
                return new Account(id, TestIssuer.shared().accessToken(id));
            }).toList();
        }
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(issuer + "/mint?n=" + n)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().map(line -> line.split(" "))
                    .map(parts -> new Account(UUID.fromString(parts[0]), parts[1])).toList();
        } catch (IOException e) {
            throw new IllegalStateException("the bench issuer at " + issuer + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
