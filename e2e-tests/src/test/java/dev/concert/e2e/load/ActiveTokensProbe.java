package dev.concert.e2e.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the size of queue-service's ACTIVE set ({@code {queue}:active}, a ZSET) in the stack's Redis database,
 * for docs/design.md §6.6 (ACTIVE tokens never exceed the capacity). Plain RESP over a socket: the e2e test classpath
 * has no Redis client, and ZCARD is all this needs.
 */
final class ActiveTokensProbe implements Runnable {

    private static final String ACTIVE_SET = "{queue}:active";

    private final int database;
    private final AtomicLong max = new AtomicLong(-1);
    private final AtomicLong last = new AtomicLong(-1);
    private volatile boolean running = true;

    ActiveTokensProbe(int database) {
        this.database = database;
    }

    long max() {
        return max.get();
    }

    long last() {
        return last.get();
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
                socket.setSoTimeout(2000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                command(out, "SELECT", String.valueOf(database));
                reply(in);
                while (running) {
                    command(out, "ZCARD", ACTIVE_SET);
                    long size = Long.parseLong(reply(in).substring(1));
                    last.set(size);
                    max.accumulateAndGet(size, Math::max);
                    Thread.sleep(200);
                }
            } catch (IOException | RuntimeException e) {
                sleepQuietly(); // Redis is shared and not a fault target; reconnect and keep sampling
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void command(OutputStream out, String... args) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String reply(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (line.isEmpty() || line.charAt(0) == '-') {
            throw new IOException("redis: " + line);
        }
        return line.toString();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
