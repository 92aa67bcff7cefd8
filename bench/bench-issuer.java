// An identity provider for the benchmarks: one RS256 key (as identity-service signs), its JWK set at /jwks, and
// access tokens for new accounts
// at /mint?n=N (one "<account id> <token>" line each). The services verify these tokens with the code production
// runs, exactly as they would a real provider's; minting here keeps thousands of sign-ins out of the measurement.
// Run as a single-file program: java bench/bench-issuer.java <port>
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

public class BenchIssuer {

    static final String ISSUER = "http://bench-issuer.local";
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        String kid = "bench-" + Long.toHexString(System.nanoTime());
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        byte[] jwks = ("{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid
                + "\",\"n\":\"" + B64.encodeToString(unsigned(pub.getModulus().toByteArray()))
                + "\",\"e\":\"" + B64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String header = B64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.createContext("/mint", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int n = Integer.parseInt(query == null ? "1" : query.replaceAll(".*n=(\\d+).*", "$1"));
            long now = System.currentTimeMillis() / 1000;
            // signed on every core: thousands of RSA signatures take a while
            String out = IntStream.range(0, n).parallel().mapToObj(i -> {
                try {
                    Signature signer = Signature.getInstance("SHA256withRSA");
                    String account = UUID.randomUUID().toString();
                    String claims = B64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + account
                            + "\",\"aud\":\"concert-api\",\"iat\":" + now + ",\"exp\":" + (now + 4 * 3600) + "}")
                            .getBytes(StandardCharsets.UTF_8));
                    signer.initSign(key.getPrivate());
                    signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
                    return account + ' ' + header + '.' + claims + '.' + B64.encodeToString(signer.sign()) + '\n';
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining());
            byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("bench issuer " + ISSUER + " listening on " + port);
    }

    /** A big-endian unsigned integer as JWK wants it (BigInteger may add a sign byte). */
    static byte[] unsigned(byte[] value) {
        return value.length > 1 && value[0] == 0 ? java.util.Arrays.copyOfRange(value, 1, value.length) : value;
    }
}
