package dev.concert.queue.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Calls to the other services' management ports (and concert-service's admin API): short timeouts, and a service
 * that does not answer is an {@link Answer} saying so, never an exception that would fail the whole console.
 */
@Component
class ManagementPorts {

    private final HttpClient http;
    private final Duration timeout;

    ManagementPorts(ConsoleSettings settings) {
        this.timeout = settings.timeout();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    Answer get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Map.of());
    }

    Answer post(URI base, String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
    }

    private Answer send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), null);
        } catch (IOException e) {
            return Answer.unreachable(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.unreachable("interrupted");
        }
    }

    /** A service's answer; {@code status} 0 and {@code unreachable} set when none came. */
    record Answer(int status, String body, String contentType, String unreachable) {

        static Answer unreachable(String why) {
            return new Answer(0, "", "", why);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Why this answer is no use, for the page: unreachable, or the status it came with. */
        String trouble() {
            return unreachable != null ? "unreachable (" + unreachable + ")" : "answered " + status;
        }
    }
}
