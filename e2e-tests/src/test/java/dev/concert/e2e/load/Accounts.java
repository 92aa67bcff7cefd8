package dev.concert.e2e.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.concert.testing.PkceSignIn;
import tools.jackson.databind.JsonNode;

/**
 * Before the sale: every virtual user signs up ({@code POST /api/v1/accounts} through the gateway) and signs in (the
 * app's PKCE flow through the gateway's {@code /auth}), on a fixed number of threads, so that the measured phase
 * starts with USERS signed-in accounts and its clock measures the sale alone. A step that fails for want of an answer,
 * a 5xx or a 429 is tried again a few times; a user that still has no tokens is not part of the run (and the run
 * fails its check).
 */
final class Accounts {

    /** A signed-in user: the account id is the access token's subject. */
    record Account(UUID id, String email, String password, String accessToken, String refreshToken) {
    }

    /** What the phase did: the accounts, how long it took, per-user latency, and what went wrong. */
    record Prepared(List<Account> accounts, int wanted, int threads, Duration took, Metrics.Percentiles perUser,
                    Map<String, Long> failures, long retries) {
        int missing() {
            return wanted - accounts.size();
        }
    }

    private static final int ATTEMPTS = 4;

    private Accounts() {
    }

    static Prepared prepare(RunSettings settings, Consumer<String> log) {
        int users = settings.users();
        int threads = settings.signInThreads();
        String run = Long.toString(System.currentTimeMillis(), 36);
        PkceSignIn signUp = PkceSignIn.at(settings.gateway());
        PkceSignIn signIn = PkceSignIn.at(settings.authBase());
        Metrics.Latencies perUser = new Metrics.Latencies();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        LongAdder retries = new LongAdder();
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<Account>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("sign-in-", 0).factory())) {
            for (int i = 0; i < users; i++) {
                String email = "load-" + run + "-" + i + "@load.example.com";
                String password = "load-" + UUID.randomUUID();
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Account account = signUpAndIn(signUp, signIn, email, password, failures, retries);
                    perUser.add((System.nanoTime() - t0) / 1000);
                    int n = done.incrementAndGet();
                    if (n % Math.max(1, users / 10) == 0) {
                        log.accept(String.format("signed up and in: %d/%d after %d s", n, users,
                                (System.nanoTime() - started) / 1_000_000_000L));
                    }
                    return account;
                }));
            }
            List<Account> accounts = new ArrayList<>();
            for (Future<Account> f : futures) {
                try {
                    Account account = f.get();
                    if (account != null) {
                        accounts.add(account);
                    }
                } catch (Exception e) {
                    failures.computeIfAbsent("error " + e.getClass().getSimpleName(), k -> new LongAdder())
                            .increment();
                }
            }
            Map<String, Long> seen = new TreeMap<>();
            failures.forEach((k, v) -> seen.put(k, v.sum()));
            return new Prepared(accounts, users, threads, Duration.ofNanos(System.nanoTime() - started),
                    perUser.percentiles(), seen, retries.sum());
        }
    }

    /** Sign-up (409 EMAIL_TAKEN: an earlier attempt went through), then the sign-in; null after {@link #ATTEMPTS}. */
    private static Account signUpAndIn(PkceSignIn signUp, PkceSignIn signIn, String email, String password,
                                       Map<String, LongAdder> failures, LongAdder retries) {
        boolean signedUp = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (!signedUp) {
                    int status = signUp.signUpResponse(email, password).statusCode();
                    if (status == 201 || status == 409) {
                        signedUp = true;
                    } else {
                        failures.computeIfAbsent("sign-up " + status, k -> new LongAdder()).increment();
                        if (status < 500 && status != 429) {
                            return null; // nothing a retry fixes
                        }
                    }
                }
                if (!signedUp) {
                    retries.increment();
                    sleep(Duration.ofMillis(250L * attempt + ThreadLocalRandom.current().nextLong(250)));
                    continue;
                }
                PkceSignIn.Tokens tokens = signIn.signIn(email, password);
                return new Account(subject(tokens.accessToken()), email, password, tokens.accessToken(),
                        tokens.refreshToken());
            } catch (PkceSignIn.Refused e) {
                failures.computeIfAbsent(e.getMessage().split(" ")[0] + " " + e.status(), k -> new LongAdder())
                        .increment();
                if (e.status() < 500 && e.status() != 429) {
                    return null; // nothing a retry fixes
                }
            } catch (RuntimeException e) {
                failures.computeIfAbsent("no answer (" + e.getClass().getSimpleName() + ")", k -> new LongAdder())
                        .increment();
            }
            if (attempt < ATTEMPTS) {
                retries.increment();
                sleep(Duration.ofMillis(250L * attempt + ThreadLocalRandom.current().nextLong(250)));
            }
        }
        return null;
    }

    /** The {@code sub} of a JWT (not verified here: the gateway does that on every request). */
    static UUID subject(String jwt) {
        String[] parts = jwt.split("\\.");
        JsonNode claims = GatewayClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8));
        return UUID.fromString(claims.path("sub").asString());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
