package dev.concert.queue.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.admission.Admission;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StatusStreamIT extends QueueServiceIntegrationTest {

    @Autowired
    Admission admission;

    @Autowired
    StreamClaims claims;

    @Autowired
    QueueTokens tokens;

    @Test
    void the_stream_pushes_waiting_then_active_then_expired_and_ends() throws Exception {
        String token = issueFor(UUID.randomUUID()).get("token").asString();
        HttpResponse<InputStream> response = HTTP.send(asOwner(request("/api/v1/queue/status/stream"), token)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));

        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> readEvents(response.body(), events));

        assertThat(events.poll(10, TimeUnit.SECONDS).get("status").asString()).isEqualTo("WAITING");
        admission.runOnce(ROOM);
        assertThat(events.poll(10, TimeUnit.SECONDS).get("status").asString()).isEqualTo("ACTIVE");
        send(asOwner(request("/api/v1/queue/tokens/me"), token).DELETE());
        JsonNode last = events.poll(10, TimeUnit.SECONDS);
        assertThat(last.get("status").asString()).isEqualTo("EXPIRED");
        reader.join(Duration.ofSeconds(10));
        assertThat(reader.isAlive()).as("the server ends the stream after EXPIRED").isFalse();
    }

    @Test
    void a_second_stream_of_one_token_replaces_the_first() throws Exception {
        String token = issueFor(UUID.randomUUID()).get("token").asString();
        BlockingQueue<JsonNode> first = new LinkedBlockingQueue<>();
        Thread firstReader = openStream(token, first);
        assertThat(first.poll(10, TimeUnit.SECONDS).get("status").asString()).isEqualTo("WAITING");

        BlockingQueue<JsonNode> second = new LinkedBlockingQueue<>();
        Thread secondReader = openStream(token, second);
        assertThat(second.poll(10, TimeUnit.SECONDS).get("status").asString()).isEqualTo("WAITING");

        assertThat(first.poll(10, TimeUnit.SECONDS).get("code").asString()).isEqualTo("STREAM_REPLACED");
        firstReader.join(Duration.ofSeconds(10));
        assertThat(firstReader.isAlive()).as("the replaced stream ends").isFalse();
        assertThat(secondReader.isAlive()).as("the newest stream goes on").isTrue();
        secondReader.interrupt();
    }

    @Test
    void a_stream_opened_on_another_instance_ends_this_one_at_its_next_read() throws Exception {
        String token = issueFor(UUID.randomUUID()).get("token").asString();
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Thread reader = openStream(token, events);
        assertThat(events.poll(10, TimeUnit.SECONDS).get("status").asString()).isEqualTo("WAITING");

        // what another queue-service instance does when the same token opens a stream there
        claims.claim(tokens.verify(token).tokenId(), UUID.randomUUID());

        assertThat(events.poll(15, TimeUnit.SECONDS).get("code").asString()).isEqualTo("STREAM_REPLACED");
        reader.join(Duration.ofSeconds(10));
        assertThat(reader.isAlive()).isFalse();
    }

    private Thread openStream(String token, BlockingQueue<JsonNode> events) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(asOwner(request("/api/v1/queue/status/stream"), token)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return Thread.ofVirtual().start(() -> readEvents(response.body(), events));
    }

    @Test
    void the_stream_needs_a_token() {
        HttpResponse<String> response = send(request("/api/v1/queue/status/stream").header("Accept",
                "text/event-stream"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static void readEvents(InputStream body, BlockingQueue<JsonNode> events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            List<String> data = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.add(line.substring(5));
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.add(JSON.readTree(String.join("\n", data)));
                    data.clear();
                }
            }
        } catch (Exception ignored) {
            // stream closed
        }
    }
}
