package dev.concert.payment.reservationview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resilient client against a real local HTTP server (no Spring): retry, timeout, circuit breaker. */
class ReservationServiceClientTest {

    HttpServer server;
    final AtomicInteger calls = new AtomicInteger();
    /** status codes to answer, in order; 200 answers the reservation; empty = 200 */
    final Deque<Integer> script = new ArrayDeque<>();
    volatile long delayMillis;
    final UUID reservationId = UUID.randomUUID();
    final UUID userId = UUID.randomUUID();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/reservations/", exchange -> {
            calls.incrementAndGet();
            try (exchange) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                Integer status;
                synchronized (script) {
                    status = script.isEmpty() ? 200 : script.poll();
                }
                if (status != 200) {
                    exchange.sendResponseHeaders(status, -1);
                    return;
                }
                byte[] body = ("{\"reservationId\":\"" + reservationId + "\",\"userId\":\"" + userId
                        + "\",\"scheduleId\":null,\"seatId\":null,\"seatNumber\":3,\"price\":70000,"
                        + "\"status\":\"HELD\",\"expiresAt\":\"2030-01-01T00:00:00Z\","
                        + "\"paymentPendingUntil\":null,\"somethingAddedLater\":{\"x\":1}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException callerGaveUp) {
                // the client timed out
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    ReservationServiceClient client(String url) {
        return new ReservationServiceClient(new ReservationServiceSettings(URI.create(url), Duration.ofMillis(300),
                Duration.ofMillis(500), 2, Duration.ofMillis(20),
                new ReservationServiceSettings.CircuitBreakerSettings(10, 4, 50, Duration.ofSeconds(30))),
                new SimpleMeterRegistry());
    }

    ReservationServiceClient client() {
        return client("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void a_known_reservation_is_answered() {
        ReservationSnapshot snapshot = client().fetch(reservationId).orElseThrow();
        assertThat(snapshot.userId()).isEqualTo(userId);
        assertThat(snapshot.price()).isEqualTo(70_000);
        assertThat(snapshot.toView().status()).isEqualTo(HoldStatus.HELD);
        assertThat(calls).hasValue(1);
    }

    @Test
    void an_unknown_reservation_is_empty_not_retried_and_not_a_failure() {
        script.add(404);
        ReservationServiceClient client = client();
        assertThat(client.fetch(reservationId)).isEmpty();
        assertThat(calls).hasValue(1);
        assertThat(client.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void a_server_error_is_retried_once() {
        script.add(503);
        assertThat(client().fetch(reservationId)).isPresent();
        assertThat(calls).hasValue(2);
    }

    @Test
    void a_client_error_is_not_retried() {
        script.add(400);
        assertThatThrownBy(() -> client().fetch(reservationId)).isInstanceOf(ReservationServiceUnavailable.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void retries_are_bounded() {
        script.add(500);
        script.add(500);
        script.add(500);
        assertThatThrownBy(() -> client().fetch(reservationId)).isInstanceOf(ReservationServiceUnavailable.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void a_slow_answer_is_abandoned_after_the_timeout() {
        delayMillis = 3_000;
        long started = System.nanoTime();
        assertThatThrownBy(() -> client().fetch(reservationId)).isInstanceOf(ReservationServiceUnavailable.class);
        long millis = (System.nanoTime() - started) / 1_000_000;
        // two attempts of 500 ms and a 20 ms pause, far from the 3 s the server would take
        assertThat(millis).isBetween(900L, 2_000L);
    }

    @Test
    void nothing_listening_fails_fast() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> client("http://127.0.0.1:" + closedPort).fetch(reservationId))
                .isInstanceOf(ReservationServiceUnavailable.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void repeated_failures_open_the_circuit_and_then_nothing_is_called() {
        ReservationServiceClient client = client();
        for (int i = 0; i < 10; i++) {
            script.add(500);
        }
        assertThatThrownBy(() -> client.fetch(reservationId)).isInstanceOf(ReservationServiceUnavailable.class);
        assertThatThrownBy(() -> client.fetch(reservationId)).isInstanceOf(ReservationServiceUnavailable.class);
        assertThat(client.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = calls.get();

        assertThatThrownBy(() -> client.fetch(reservationId)).isInstanceOf(ReservationServiceUnavailable.class);
        assertThat(calls).hasValue(before);
    }
}
