package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault matrix's proxy on its own: forwards, cuts (reset + refuse), blackholes, restores on the same port. */
class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void echoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // reset by the test
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = TcpProxy.start("echo", 0, "127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwards_then_cut_resets_and_refuses_then_restore_forwards_again_on_the_same_port() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before, "hello")).isEqualTo("hello");
            proxy.cut();
            assertThatThrownBy(() -> roundTrip(before, "still there?")).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(this::connect).isInstanceOf(IOException.class); // refused
        proxy.restore();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "back")).isEqualTo("back");
        }
        assertThat(proxy.accepted()).isEqualTo(2);
    }

    @Test
    void a_blackhole_accepts_and_never_answers_until_restored() throws IOException {
        proxy.cut(TcpProxy.Mode.BLACKHOLE);
        try (Socket held = connect()) {
            held.setSoTimeout(500);
            held.getOutputStream().write("anyone?".getBytes());
            assertThatThrownBy(() -> held.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.restore();
            held.setSoTimeout(5000);
            assertThatThrownBy(() -> {
                if (held.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class); // reset when the route comes back: the client reconnects
        }
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "back")).isEqualTo("back");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes());
        byte[] buffer = new byte[text.length()];
        int read = 0;
        while (read < buffer.length) {
            int n = socket.getInputStream().read(buffer, read, buffer.length - read);
            if (n < 0) {
                throw new IOException("closed after " + read + " bytes");
            }
            read += n;
        }
        return new String(buffer);
    }
}
