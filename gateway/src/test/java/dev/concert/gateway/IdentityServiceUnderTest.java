package dev.concert.gateway;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real identity-service, started as its own process from the executable jar its module built earlier in the
 * reactor (a servlet app with its own database: it cannot share the gateway's classpath), on real MariaDB and Redis.
 */
final class IdentityServiceUnderTest implements AutoCloseable {

    static final String ADMIN_KEY = "identity-under-test-admin-key";

    private final Process process;
    private final int port;
    private final Path log;

    IdentityServiceUnderTest(String issuer, Map<String, String> settings) throws IOException {
        this.port = ManagementPorts.freeApiPort();
        this.log = Files.createTempFile("identity-service-under-test", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        // its actuator on its own port, where the gateway's readiness probe looks for it (API port + 1000)
        env.put("MANAGEMENT_PORT", Integer.toString(port + ManagementPorts.OFFSET));
        env.put("IDENTITY_ISSUER", issuer);
        env.put("IDENTITY_DB_URL", "jdbc:mysql://127.0.0.1:3306/identity_gateway_test_db"
                + "?createDatabaseIfNotExist=true&connectionTimeZone=UTC");
        env.put("REDIS_DATABASE", "1");
        env.put("IDENTITY_REDIS_KEY_PREFIX", "gwtest-" + Long.toHexString(System.nanoTime()) + ":");
        env.put("ADMIN_KEY", ADMIN_KEY);
        env.put("IDENTITY_PASSWORD_HASH_COST", "4");
        env.put("IDENTITY_KEYS_REFRESH", "1s");
        env.putAll(settings);
        this.process = builder.start();
        awaitReady();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String jwkSetUri() {
        return url() + "/auth/oauth2/jwks";
    }

    /** Rotates the signing key (the admin API): the new key signs from now on. */
    void rotateKeys() {
        HttpResponse<String> rotated = TestHttp.send(HttpRequest.newBuilder(URI.create(url()
                + "/auth/admin/keys/rotation")).header("X-Admin-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (rotated.statusCode() != 201) {
            throw new IllegalStateException("rotation refused: " + rotated.statusCode() + " " + rotated.body());
        }
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("identity-service exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + (port + ManagementPorts.OFFSET) + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("identity-service not ready within 90 s:\n" + Files.readString(log));
    }

    /** identity-service/target/identity-service-*.jar (not the plain one), built before the gateway. */
    private static Path jar() {
        Path target = Path.of("").toAbsolutePath().resolveSibling("identity-service").resolve("target");
        File[] jars = target.toFile().listFiles((dir, name) -> name.startsWith("identity-service-")
                && name.endsWith(".jar") && !name.endsWith("-plain.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no executable jar in " + target + ": build identity-service first "
                    + "(./mvnw package -pl identity-service -am -DskipTests)");
        }
        return jars[0].toPath();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
