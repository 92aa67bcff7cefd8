package dev.concert.payment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * reservation-service's {@code GET /internal/reservations/{id}}, played by a JDK HTTP server on a random local port:
 * answers what it was told, or fails, or is slow, or is not there at all.
 */
public final class ReservationServiceStub {

    private static ReservationServiceStub instance;

    private final int port;
    private final Map<UUID, String> reservations = new ConcurrentHashMap<>();
    private final Map<UUID, String> lateConfirmations = new ConcurrentHashMap<>();
    private final Map<UUID, String> settlements = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile HttpServer server;
    private volatile Duration delay = Duration.ZERO;
    private volatile int failWith;

    public static synchronized ReservationServiceStub get() {
        if (instance == null) {
            instance = new ReservationServiceStub();
        }
        return instance;
    }

    private ReservationServiceStub() {
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** Points the application at the stub before the context starts. */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("payment.reservation-service.url=" + get().url(),
                    "payment.reconciliation.wallet-service-url=" + get().url()).applyTo(context);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** reservation-service's answer for a reservation of a seat of {@code scheduleId}'s sale. */
    public void knows(UUID reservationId, UUID userId, UUID scheduleId, long price, String status,
                      Instant expiresAt) {
        reservations.put(reservationId, """
                {"reservationId":"%s","userId":"%s","scheduleId":"%s","seatId":"%s","seatNumber":7,"price":%d,\
                "status":"%s","expiresAt":"%s"}""".formatted(reservationId, userId, scheduleId,
                UUID.randomUUID(), price, status, expiresAt));
    }

    /** reservation-service's answer to a late confirmation of {@code reservationId}: CONFIRMED or REFUSED + reason. */
    public void confirmsLate(UUID reservationId, String outcome, String reason) {
        lateConfirmations.put(reservationId, """
                {"reservationId":"%s","outcome":"%s","reason":%s}""".formatted(reservationId, outcome,
                reason == null ? "null" : "\"" + reason + "\""));
    }

    /** wallet-service's ledger word on a payment (it plays that internal API too): DEBITED, REFUNDED or VOIDED. */
    public void walletSays(UUID paymentId, String state, long amount) {
        settlements.put(paymentId, """
                {"paymentId":"%s","state":"%s","amount":%d}""".formatted(paymentId, state, amount));
    }

    public int calls() {
        return calls.get();
    }

    public void answerAfter(Duration delay) {
        this.delay = delay;
    }

    public void failWith(int status) {
        this.failWith = status;
    }

    /** Nothing listens on the port any more: connections are refused. */
    public synchronized void goAway() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Back to answering promptly on the same port. */
    public synchronized void reset() {
        delay = Duration.ZERO;
        failWith = 0;
        if (server == null) {
            server = listen(port);
        }
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.createContext("/internal/reservations/", this::answer);
            http.createContext("/internal/payments/", this::answer);
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (exchange) {
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            if (failWith != 0) {
                exchange.sendResponseHeaders(failWith, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String[] segments = path.split("/");
            // /internal/reservations/{id}, /internal/reservations/{id}/confirmation, /internal/payments/{id}/settlement
            Map<UUID, String> answers = path.endsWith("/confirmation") ? lateConfirmations
                    : path.endsWith("/settlement") ? settlements : reservations;
            String id = segments.length > 3 ? segments[3] : "";
            String body;
            try {
                body = answers.get(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                body = null;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGaveUp) {
            // the caller timed out and closed the connection: nothing to answer
        }
    }
}
