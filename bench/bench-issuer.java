// An identity provider for the benchmarks: one ES256 key, its JWK set at /jwks, and access tokens for new accounts
// at /mint?n=N (one "<account id> <token>" line each). The services verify these tokens with the code production
// runs, exactly as they would a real provider's; minting here keeps thousands of sign-ins out of the measurement.
// Run as a single-file program: java bench/bench-issuer.java <port>
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

public class BenchIssuer {

    static final String ISSUER = "http://bench-issuer.local";
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        String kid = "bench-" + Long.toHexString(System.nanoTime());
        ECPublicKey pub = (ECPublicKey) key.getPublic();
        byte[] jwks = ("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + kid
                + "\",\"x\":\"" + B64.encodeToString(coordinate(pub.getW().getAffineX().toByteArray()))
                + "\",\"y\":\"" + B64.encodeToString(coordinate(pub.getW().getAffineY().toByteArray())) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String header = B64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
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
            StringBuilder out = new StringBuilder();
            try {
                Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
                long now = System.currentTimeMillis() / 1000;
                for (int i = 0; i < n; i++) {
                    String account = UUID.randomUUID().toString();
                    String claims = B64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + account
                            + "\",\"aud\":\"concert-api\",\"iat\":" + now + ",\"exp\":" + (now + 4 * 3600) + "}")
                            .getBytes(StandardCharsets.UTF_8));
                    signer.initSign(key.getPrivate());
                    signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
                    out.append(account).append(' ').append(header).append('.').append(claims).append('.')
                            .append(B64.encodeToString(signer.sign())).append('\n');
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("bench issuer " + ISSUER + " listening on " + port);
    }

    /** A 32-byte big-endian coordinate (BigInteger adds a sign byte or drops leading zeros). */
    static byte[] coordinate(byte[] value) {
        byte[] out = new byte[32];
        int from = Math.max(0, value.length - 32);
        System.arraycopy(value, from, out, 32 - (value.length - from), value.length - from);
        return out;
    }
}
