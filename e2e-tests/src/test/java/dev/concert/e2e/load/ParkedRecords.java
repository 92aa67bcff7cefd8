package dev.concert.e2e.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

/**
 * What every service instance of the stack parked: {@code GET /actuator/parked} on each one's management port (the
 * ports stack-up.sh wrote to the run directory; the gateway has none). A fault that only made a dependency go away must
 * park nothing.
 */
final class ParkedRecords {

    /** label → parked records; -1 when the instance did not answer. */
    record Result(Map<String, Long> perInstance) {
        long total() {
            return perInstance.values().stream().mapToLong(n -> Math.max(0, n)).sum();
        }

        boolean allAnswered() {
            return perInstance.values().stream().allMatch(n -> n >= 0);
        }

        @Override
        public String toString() {
            return "total " + total() + " " + perInstance;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    private ParkedRecords() {
    }

    static Result read(Path runDir) {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".port")).toList()) {
                String label = file.getFileName().toString().replace(".port", "");
                if (!label.equals("gateway") && !label.startsWith("identity-service")) { // no saga, no parking
                    Path management = file.resolveSibling(label + ".management-port");
                    counts.put(label, count(Integer.parseInt(Files.readString(management).trim())));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stack's ports in " + runDir + ": " + e.getMessage(), e);
        }
        return new Result(counts);
    }

    private static long count(int port) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/parked"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body()).path("count").asLong(-1);
                }
            } catch (IOException e) {
                // try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }
}
