package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concert.client.ApiClient;
import dev.concert.client.ApiException;
import dev.concert.client.api.AccountsApi;
import dev.concert.client.api.CatalogApi;
import dev.concert.client.api.PaymentsApi;
import dev.concert.client.api.QueueApi;
import dev.concert.client.api.ReservationsApi;
import dev.concert.client.api.WalletApi;
import dev.concert.client.model.Account;
import dev.concert.client.model.BookableDate;
import dev.concert.client.model.CancelledReservation;
import dev.concert.client.model.ChargeReceipt;
import dev.concert.client.model.ChargeRequest;
import dev.concert.client.model.ConcertSummary;
import dev.concert.client.model.EntryKind;
import dev.concert.client.model.Hold;
import dev.concert.client.model.HoldRequest;
import dev.concert.client.model.JoinQueueRequest;
import dev.concert.client.model.Payment;
import dev.concert.client.model.PaymentRequest;
import dev.concert.client.model.PaymentStatus;
import dev.concert.client.model.QueueToken;
import dev.concert.client.model.Reservation;
import dev.concert.client.model.ReservationStatus;
import dev.concert.client.model.Seat;
import dev.concert.client.model.SeatStatus;
import dev.concert.client.model.SignUpRequest;
import dev.concert.client.model.TokenState;
import dev.concert.client.model.Transaction;
import dev.concert.testing.PkceSignIn;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fan's whole journey driven by the Java client generated from the gateway's public API document (module
 * api-client): sign-up, sign-in, catalog, queue, seat map, hold, charge, pay, the ticket after the visit, cancel and
 * refund. The client's mapper fails on a field the document does not name, so a document that drifts from what the
 * services answer breaks this test; the refusals it meets carry codes the document lists for that operation.
 */
class GeneratedClientJourneyIT {

    private static final String GATEWAY = LocalStack.GATEWAY;

    @BeforeAll
    static void startStack() {
        LocalStack.ensureStarted();
    }

    @Test
    void a_fan_books_and_cancels_a_seat_through_the_generated_client() throws Exception {
        String email = "client-" + UUID.randomUUID() + "@e2e.example.com";
        String password = "client-" + UUID.randomUUID();
        Account account = new AccountsApi(client(null, null))
                .signUp(new SignUpRequest().email(email).password(password));
        assertThat(account.getEmail()).isEqualTo(email);
        String accessToken = PkceSignIn.signIn(LocalStack.AUTH, email, password).accessToken();
        ApiClient signedIn = client(accessToken, null);

        BookableDate date = bookableDate(new CatalogApi(signedIn));
        QueueToken place = new QueueApi(signedIn).joinQueue(new JoinQueueRequest().roomId(date.getScheduleId()));
        assertThat(place.getRoomId()).isEqualTo(date.getScheduleId());
        ApiClient inQueue = client(accessToken, place.getToken());
        QueueApi queue = new QueueApi(inQueue);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> queue.getQueueStatus().getStatus() == TokenState.ACTIVE);

        ReservationsApi reservations = new ReservationsApi(inQueue);
        Hold hold = holdAnySeat(reservations, date.getScheduleId());
        assertThat(hold.getStatus()).isEqualTo(ReservationStatus.HELD);

        ApiException taken = catchThrowableOfType(ApiException.class, () -> reservations.holdSeat(
                new HoldRequest().scheduleId(date.getScheduleId()).seatId(hold.getSeatId())));
        assertThat(taken.getCode()).isEqualTo(409);
        assertThat(documentedCodes("/api/v1/reservations", "post", "409"))
                .contains(Api.JSON.readTree(taken.getResponseBody()).path("code").asString());

        WalletApi wallet = new WalletApi(signedIn);
        String chargeKey = UUID.randomUUID().toString();
        ChargeReceipt charged = wallet.chargeWallet("me", chargeKey, new ChargeRequest().amount(hold.getPrice()));
        ChargeReceipt retried = wallet.chargeWallet("me", chargeKey, new ChargeRequest().amount(hold.getPrice()));
        assertThat(retried.getTransactionId()).isEqualTo(charged.getTransactionId());
        assertThat(wallet.getWallet("me").getBalance()).isEqualTo(hold.getPrice());

        Payment paid = new PaymentsApi(inQueue).payReservation(UUID.randomUUID().toString(),
                new PaymentRequest().reservationId(hold.getReservationId()));
        // after the booking only the access token: what the fan owns stays visible after the visit
        PaymentsApi payments = new PaymentsApi(signedIn);
        // Prefer: wait lets the server answer when the outcome comes instead of the client polling hard
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                payments.getPayment(paid.getPaymentId(), "wait=2").getStatus() == PaymentStatus.COMPLETED);
        ReservationsApi mine = new ReservationsApi(signedIn);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                mine.getReservation(hold.getReservationId()).getStatus() == ReservationStatus.CONFIRMED);
        assertThat(mine.listReservations(10)).extracting(Reservation::getReservationId)
                .contains(hold.getReservationId());
        assertThat(payments.listPayments(10)).extracting(Payment::getPaymentId).contains(paid.getPaymentId());
        assertThat(wallet.getWallet("me").getBalance()).isZero();
        assertThat(wallet.listWalletTransactions("me", 0, 20).getItems()).extracting(Transaction::getType)
                .contains(EntryKind.CHARGE, EntryKind.DEBIT);

        CancelledReservation cancelled = mine.cancelReservation(hold.getReservationId());
        assertThat(cancelled.getStatus()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(cancelled.getPaymentId()).isEqualTo(paid.getPaymentId());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(payments.getPayment(paid.getPaymentId(), null).getStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(wallet.getWallet("me").getBalance()).isEqualTo(hold.getPrice());
        });
    }

    /** A date on sale with seats to spare, found through the catalog as a client would. */
    private static BookableDate bookableDate(CatalogApi catalog) throws ApiException {
        for (ConcertSummary concert : catalog.listConcerts()) {
            for (BookableDate date : catalog.listSchedules(concert.getConcertId())) {
                if (date.getAvailableSeats() > 5) {
                    return date;
                }
            }
        }
        throw new AssertionError("no date on sale with seats left");
    }

    private static Hold holdAnySeat(ReservationsApi reservations, UUID scheduleId) throws ApiException {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Seat> free = reservations.getSeatMap(scheduleId).getSeats().stream()
                    .filter(seat -> seat.getStatus() == SeatStatus.AVAILABLE).toList();
            assertThat(free).isNotEmpty();
            Seat seat = free.get((int) (Math.random() * free.size()));
            try {
                return reservations.holdSeat(new HoldRequest().scheduleId(scheduleId).seatId(seat.getSeatId()));
            } catch (ApiException e) {
                // another test's fan took it first
                assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(409);
            }
        }
        throw new AssertionError("could not hold any seat");
    }

    /** The codes the served document lists for that operation's response. */
    private static List<String> documentedCodes(String path, String method, String status) {
        Api.Reply document = LocalStack.api().get("/api-docs", Api.As.NOBODY);
        assertThat(document.status()).isEqualTo(200);
        JsonNode response = document.body().path("paths").path(path).path(method).path("responses").path(status);
        if (response.has("$ref")) {
            String name = response.path("$ref").asString().substring("#/components/responses/".length());
            response = document.body().path("components").path("responses").path(name);
        }
        return response.path("content").path("application/problem+json").path("examples").propertyNames()
                .stream().toList();
    }

    /**
     * A client of the gateway with the user's tokens on every request. HTTP/1.1 as the other test clients (no h2c
     * upgrade); a field the document does not name fails the call.
     */
    private static ApiClient client(String accessToken, String queueToken) {
        ObjectMapper mapper = ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        ApiClient client = new ApiClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)), mapper, GATEWAY);
        client.setReadTimeout(Duration.ofSeconds(15));
        client.setRequestInterceptor(request -> {
            if (accessToken != null) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            if (queueToken != null) {
                request.header("Queue-Token", queueToken);
            }
        });
        return client;
    }
}
