package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the operators' files without a Docker engine or a cluster: the compose file's shape and
 * the Kubernetes manifests (rendered with {@code kubectl kustomize} where kubectl is installed).
 */
class DeploymentManifestsTest {

    private static final List<String> APPS = List.of("gateway", "queue-service", "concert-service",
            "reservation-service", "wallet-service", "payment-service", "identity-service");
    /** one instance: its login sessions live in it (identity-service/README.md) */
    private static final List<String> NOT_AUTOSCALED = List.of("identity-service");
    /** the context path its endpoints live under */
    private static final Map<String, String> CONTEXT_PATHS = Map.of("identity-service", "/auth");

    private final Path infra = LocalStack.root().resolve("infra");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void compose_runs_every_app_with_health_checks_and_publishes_only_the_gateway() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(infra.resolve("compose/docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));

        assertThat(services).containsKeys("mysql", "kafka", "redis");
        assertThat(services).containsKeys(APPS.toArray(String[]::new));
        assertThat(map(services.get("mysql")).get("image").toString()).startsWith("mysql:8.4");
        services.forEach((name, definition) -> {
            assertThat(map(definition)).as(name + " health check").containsKey("healthcheck");
            assertThat(map(definition).containsKey("ports")).as(name + " published").isEqualTo(name.equals("gateway"));
        });
    }

    @Test
    void every_kubernetes_deployment_has_probes_resources_a_service_and_an_autoscaler() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var files = Files.list(infra.resolve("k8s/base"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        docs.add(map(doc));
                    }
                }
            }
        }
        for (String app : APPS) {
            Map<String, Object> deployment = find(docs, "Deployment", app);
            Map<String, Object> container = map(((List<?>) map(map(map(deployment.get("spec")).get("template"))
                    .get("spec")).get("containers")).getFirst());
            String base = CONTEXT_PATHS.getOrDefault(app, "");
            assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
                    .isEqualTo(base + "/actuator/health/readiness");
            assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
                    .isEqualTo(base + "/actuator/health/liveness");
            assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(find(docs, "Service", app)).isNotNull();
            if (!NOT_AUTOSCALED.contains(app)) {
                assertThat(find(docs, "HorizontalPodAutoscaler", app)).isNotNull();
            }
        }
        assertThat(docs.stream().filter(d -> "Ingress".equals(d.get("kind")))).hasSize(1);
    }

    @Test
    void kustomize_renders_the_base() throws Exception {
        boolean kubectl = Files.isExecutable(Path.of("/usr/bin/kubectl"))
                || Files.isExecutable(Path.of("/usr/local/bin/kubectl"));
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl, "kubectl not installed: rendering not checked");
        Process p = new ProcessBuilder("kubectl", "kustomize", infra.resolve("k8s/base").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.split("\nkind: Deployment", -1)).hasSize(APPS.size() + 1);
        assertThat(out).contains("namespace: concert");
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
