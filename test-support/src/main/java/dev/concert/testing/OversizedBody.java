package dev.concert.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An attacker's upload: a JSON body of any length sent chunked (no {@code Content-Length}), generated as it goes so
 * that the test JVM holds none of it, over a plain socket. Writing stops as soon as the server answers (or drops the
 * connection), and the answer's status line and body are returned.
 */
public final class OversizedBody {

    /** What the server answered, and how much of the body it had been sent by then. */
    public record Answer(int status, String body, long bytesSent) {
    }

    private OversizedBody() {
    }

    public static Answer post(URI url, Map<String, String> headers, long totalBytes) {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> read(socket));
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + url.getRawPath() + " HTTP/1.1\r\n")
                    .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                    .append("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            byte[] opening = "{\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(opening, 0, chunk, 0, opening.length);
            long sent = 0;
            try {
                while (sent < totalBytes && !reply.isDone()) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                    if (sent == chunk.length) {
                        Arrays.fill(chunk, 0, opening.length, (byte) 'x');
                    }
                }
                if (!reply.isDone()) {
                    out.write("2\r\n\"}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closedByServer) {
                // the server answered and closed the connection while the body was still coming: as it should
            }
            String raw = reply.get(30, TimeUnit.SECONDS);
            int status = Integer.parseInt(raw.substring(9, 12));
            int bodyStart = raw.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : raw.substring(bodyStart + 4), sent);
        } catch (Exception e) {
            throw new IllegalStateException("oversized upload to " + url + " failed", e);
        }
    }

    private static String read(Socket socket) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder raw = new StringBuilder();
            String line;
            long length = -1;
            while ((line = in.readLine()) != null) {
                raw.append(line).append("\r\n");
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
                if (line.isEmpty()) {
                    break;
                }
            }
            char[] body = new char[(int) Math.max(0, Math.min(length < 0 ? 4096 : length, 65536))];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return raw.append(body, 0, read).toString();
        } catch (IOException e) {
            throw new IllegalStateException("no answer to the upload", e);
        }
    }

    /** The heap in use after a full collection, in bytes: what a request left behind. */
    public static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
