package dev.concert.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the integration tests find MariaDB/MySQL, Redis and Kafka. One switch, {@code CONCERT_TEST_INFRA} (or
 * {@code -Dconcert.test-infra}):
 * <ul>
 *   <li>{@code local}: the machine's own processes (127.0.0.1:3306 root, :6379, :9092; {@code scripts/infra-up.sh}
 *       starts them), what {@code scripts/test.sh} uses;</li>
 *   <li>{@code containers}: containers started here by Testcontainers, once per test JVM, on a Docker-compatible
 *       engine ({@code DOCKER_HOST}; podman's socket works, with {@code TESTCONTAINERS_RYUK_DISABLED=true});</li>
 *   <li>{@code auto} (the default): containers when an engine answers, else the local processes, so a laptop with
 *       Docker runs {@code ./mvnw verify} with nothing else installed.</li>
 * </ul>
 * The images are the registry's ({@code mysql:8.4}, {@code redis:7.4}, {@code apache/kafka:4.1.2}); with
 * {@code CONCERT_TEST_IMAGES=local} the ones {@code scripts/base-images.sh} builds here; each can be named
 * ({@code CONCERT_TEST_IMAGE_DB}, {@code _REDIS}, {@code _KAFKA}). The application contexts get the addresses through
 * {@link Registration} (the same {@code DB_HOST}, {@code REDIS_PORT}, {@code KAFKA_BOOTSTRAP_SERVERS} settings the
 * services read), tests that talk to the stores themselves through the accessors here.
 */
public final class TestInfrastructure {

    private static final String DB_PASSWORD = "concert-test";

    private static volatile Stores stores;

    private TestInfrastructure() {
    }

    /** The addresses of the three stores. */
    public record Stores(String dbHost, int dbPort, String dbUser, String dbPassword, String redisHost, int redisPort,
                         String kafkaBootstrap, boolean containers) {

        /** The settings an application context reads, in front of its own; none for the local processes. */
        public Map<String, Object> properties() {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (!containers) {
                return properties;
            }
            properties.put("DB_HOST", dbHost);
            properties.put("DB_PORT", dbPort);
            properties.put("DB_USER", dbUser);
            properties.put("DB_PASSWORD", dbPassword);
            properties.put("spring.datasource.username", dbUser);
            properties.put("spring.datasource.password", dbPassword);
            properties.put("REDIS_HOST", redisHost);
            properties.put("REDIS_PORT", redisPort);
            properties.put("spring.data.redis.host", redisHost);
            properties.put("spring.data.redis.port", redisPort);
            properties.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
            properties.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
            return properties;
        }
    }

    /** The stores of this test JVM, started on first use in containers mode. */
    public static Stores stores() {
        Stores current = stores;
        if (current == null) {
            synchronized (TestInfrastructure.class) {
                current = stores;
                if (current == null) {
                    current = useContainers() ? startContainers() : local();
                    stores = current;
                }
            }
        }
        return current;
    }

    public static String kafkaBootstrap() {
        return stores().kafkaBootstrap();
    }

    /** Adds the stores' addresses to an application context (a test context initializer). */
    public static final class Registration
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> properties = stores().properties();
            if (!properties.isEmpty()) {
                context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("test-infrastructure", properties));
            }
        }
    }

    private static String setting(String env, String property, String otherwise) {
        String value = System.getProperty(property, System.getenv(env));
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    private static boolean useContainers() {
        String mode = setting("CONCERT_TEST_INFRA", "concert.test-infra", "auto").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "local" -> false;
            case "containers" -> true;
            case "auto" -> DockerClientFactory.instance().isDockerAvailable();
            default -> throw new IllegalStateException("CONCERT_TEST_INFRA is local, containers or auto, not " + mode);
        };
    }

    private static Stores local() {
        return new Stores(setting("DB_HOST", "db.host", "127.0.0.1"), Integer.parseInt(setting("DB_PORT", "db.port",
                "3306")), "root", "", setting("REDIS_HOST", "redis.host", "127.0.0.1"),
                Integer.parseInt(setting("REDIS_PORT", "redis.port", "6379")),
                setting("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap-servers", "127.0.0.1:9092"), false);
    }

    private static String image(String store, String registry, String local) {
        boolean localImages = "local".equalsIgnoreCase(setting("CONCERT_TEST_IMAGES", "concert.test-images", ""));
        return setting("CONCERT_TEST_IMAGE_" + store, "concert.test-image." + store.toLowerCase(Locale.ROOT),
                localImages ? local : registry);
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static Stores startContainers() {
        GenericContainer<?> db = new GenericContainer<>(DockerImageName.parse(
                image("DB", "mysql:8.4", "localhost/concert/mariadb:local")))
                .withEnv("MYSQL_ROOT_PASSWORD", DB_PASSWORD)
                .withExposedPorts(3306)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(3)));
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(
                image("REDIS", "redis:7.4", "localhost/concert/redis:local")))
                .withExposedPorts(6379)
                .waitingFor(Wait.forListeningPort());
        // the broker must advertise the address clients outside the container use: the same port on both sides
        int kafkaPort = freePort();
        GenericContainer<?> kafka = new GenericContainer<>(DockerImageName.parse(
                image("KAFKA", "apache/kafka:4.1.2", "localhost/concert/kafka:local")))
                .withEnv("KAFKA_NODE_ID", "1")
                .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
                .withEnv("KAFKA_LISTENERS", "PLAINTEXT://:" + kafkaPort + ",CONTROLLER://:9093")
                .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + kafkaPort)
                .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", "6")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withExposedPorts(kafkaPort)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort("127.0.0.1", kafkaPort), new ExposedPort(kafkaPort))))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        db.start();
        redis.start();
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            redis.stop();
            db.stop();
        }));
        Stores started = new Stores(db.getHost(), db.getMappedPort(3306), "root", DB_PASSWORD, redis.getHost(),
                redis.getMappedPort(6379), "127.0.0.1:" + kafkaPort, true);
        awaitDatabase(started);
        return started;
    }

    /** The port listens before the server takes logins on some images: wait for a login. */
    private static void awaitDatabase(Stores stores) {
        String url = "jdbc:mysql://" + stores.dbHost() + ":" + stores.dbPort() + "/?connectTimeout=2000";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(url, stores.dbUser(), stores.dbPassword())) {
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
        throw new IllegalStateException("the database container takes no logins", last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
