package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import dev.concert.e2e.Api.Reply;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces reach a real backend: the stack's Zipkin (scripts/zipkin.sh), every app sampling at 1.0. One payment, from
 * the request at the gateway through the saga's hops over the outbox and Kafka, is one trace with spans of the
 * gateway and of every service that acts on the payment: payment-service takes the request and writes
 * {@code PaymentRequested}, wallet-service debits, reservation-service confirms, and payment- and queue-service apply
 * {@code ReservationConfirmed}. (concert-service receives it too and skips it unread: a consumer observes the records
 * it applies, not every record of its topics.) Every event crosses an outbox row and the relay's thread, so without
 * the trace context stored with the row and sent as the record's {@code traceparent} the consumers' spans would start traces of
 * their own and this test would miss them.
 * <p>
 * The client starts the trace itself (a sampled W3C {@code traceparent} on the payment request, which the gateway
 * continues, as any caller's), so its id is known without the gateway having to answer with one.
 */
class TraceIT {

    private static final Api api = LocalStack.api();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private static final Set<String> SAGA = Set.of("gateway", "payment-service", "wallet-service",
            "reservation-service", "queue-service");

    @BeforeAll
    static void startStack() {
        LocalStack.ensureStarted();
    }

    @Test
    void one_payment_is_one_trace_from_the_gateway_through_every_outbox_and_kafka_hop_to_each_service_acting_on_it() {
        long started = System.nanoTime();
        Fan fan = api.newFan();
        String scheduleId = bookableSchedule(fan);
        Reply issued = api.issueQueueToken(fan, scheduleId);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                    "ACTIVE".equals(api.get("/api/v1/queue/status", fan.inQueue()).body().path("status").asString()));
            JsonNode hold = hold(fan, scheduleId);
            Reply charged = api.postIdempotent("/api/v1/users/me/wallet/charges", fan.signedIn(),
                    Map.of("amount", hold.path("price").asLong()));
            assertThat(charged.status()).as(charged.toString()).isBetween(200, 201);

            String traceId = HexFormat.of().formatHex(randomBytes(16));
            String clientSpanId = HexFormat.of().formatHex(randomBytes(8));
            Reply paid = api.post("/api/v1/payments", fan.inQueue(),
                    Map.of("reservationId", hold.path("reservationId").asString()),
                    Map.of("Idempotency-Key", UUID.randomUUID().toString(),
                            "traceparent", "00-" + traceId + "-" + clientSpanId + "-01"));
            assertThat(paid.status()).as(paid.toString()).isIn(200, 201, 202);
            awaitCompleted(fan, paid.body().path("paymentId").asString());

            // the reporters flush every second; a span arrives once its work ended (the request, each record)
            List<JsonNode> spans = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                spans.clear();
                trace(traceId).forEach(spans::add);
                assertThat(servicesOf(spans)).as("services in trace %s", traceId).containsAll(SAGA);
                assertThat(consumerSpansWithoutParent(spans))
                        .as("consumer spans whose parent (the span that wrote the event) is not in the trace")
                        .isEmpty();
            });
            System.out.printf("TraceIT: trace %s, %d spans: %s; journey and trace found in %.1f s%n", traceId,
                    spans.size(), spansPerService(spans), (System.nanoTime() - started) / 1e9);
        } finally {
            // ACTIVE places are few on this stack: give it back if the booking did not end the visit
            api.delete("/api/v1/queue/tokens/me", fan.inQueue());
        }
    }

    /** A date of the demo data with seats left (the catalog needs the access token alone). */
    private static String bookableSchedule(Fan fan) {
        Reply concerts = api.get("/api/v1/concerts", fan.signedIn());
        assertThat(concerts.status()).as(concerts.toString()).isEqualTo(200);
        JsonNode list = concerts.body().isArray() ? concerts.body() : concerts.body().path("concerts");
        for (JsonNode concert : list) {
            Reply schedules = api.get("/api/v1/concerts/" + concert.path("concertId").asString() + "/schedules",
                    fan.signedIn());
            assertThat(schedules.status()).as(schedules.toString()).isEqualTo(200);
            JsonNode dates = schedules.body().isArray() ? schedules.body() : schedules.body().path("schedules");
            for (JsonNode date : dates) {
                if (date.path("availableSeats").asInt() > 5) {
                    return date.path("scheduleId").asString();
                }
            }
        }
        throw new AssertionError("no bookable schedule with seats left in the demo data");
    }

    /** A held seat of that date (another fan may take the one picked first: then the next). */
    private static JsonNode hold(Fan fan, String scheduleId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Reply seats = api.get("/api/v1/schedules/" + scheduleId + "/seats", fan.inQueue());
            assertThat(seats.status()).as(seats.toString()).isEqualTo(200);
            List<JsonNode> free = new ArrayList<>();
            seats.body().path("seats").forEach(s -> {
                if ("AVAILABLE".equals(s.path("status").asString())) {
                    free.add(s);
                }
            });
            assertThat(free).isNotEmpty();
            JsonNode seat = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            Reply held = api.post("/api/v1/reservations", fan.inQueue(),
                    Map.of("scheduleId", scheduleId, "seatId", seat.path("seatId").asString()));
            if (held.status() == 201) {
                return held.body();
            }
            assertThat(held.status()).as(held.toString()).isEqualTo(409);
        }
        throw new AssertionError("could not hold any seat");
    }

    private static void awaitCompleted(Fan fan, String paymentId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Reply payment = api.get("/api/v1/payments/" + paymentId, fan.signedIn());
            assertThat(payment.status()).as(payment.toString()).isEqualTo(200);
            assertThat(payment.body().path("status").asString()).as(payment.toString()).isEqualTo("COMPLETED");
        });
    }

    /** Zipkin's spans of one trace ({@code GET /api/v2/trace/{id}}); none yet is an empty list, not a failure. */
    private static JsonNode trace(String traceId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(LocalStack.ZIPKIN + "/api/v2/trace/" + traceId))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Api.JSON.createArrayNode();
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Api.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Zipkin at " + LocalStack.ZIPKIN + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> servicesOf(List<JsonNode> spans) {
        return spans.stream().map(TraceIT::serviceOf).collect(Collectors.toSet());
    }

    private static String serviceOf(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asString();
    }

    /**
     * A consumer span continues the context its record carried: the span current when the event was written. If that
     * span is missing the hop was not followed (or its producer's span was never reported).
     */
    private static List<String> consumerSpansWithoutParent(List<JsonNode> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.path("id").asString()));
        return spans.stream()
                .filter(s -> "CONSUMER".equals(s.path("kind").asString()))
                .filter(s -> !ids.contains(s.path("parentId").asString()))
                .map(s -> serviceOf(s) + " " + s.path("name").asString())
                .toList();
    }

    /** e.g. {@code gateway=2 (SERVER 1, CLIENT 1)}: what the report says each app did in this trace. */
    private static String spansPerService(List<JsonNode> spans) {
        Map<String, Map<String, Long>> byService = new TreeMap<>();
        for (JsonNode span : spans) {
            String kind = span.path("kind").asString("LOCAL");
            byService.computeIfAbsent(serviceOf(span), s -> new TreeMap<>()).merge(kind, 1L, Long::sum);
        }
        return byService.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().values().stream().mapToLong(Long::longValue).sum()
                        + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
