package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** every app's actuator is on its management port, its API port + this (never on the API port) */
    private static final int MANAGEMENT_OFFSET = 1000;

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
            if (APPS.contains(name)) {
                assertThat(map(map(definition).get("healthcheck")).get("test").toString())
                        .as(name + " health check on its management port").contains("http://localhost:90")
                        .contains("/actuator/health/readiness");
            }
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
            Map<String, Integer> ports = new java.util.HashMap<>();
            ((List<?>) container.get("ports")).forEach(p -> ports.put((String) map(p).get("name"),
                    (Integer) map(p).get("containerPort")));
            assertThat(ports.get("management")).as(app + " management port").isEqualTo(ports.get("http")
                    + MANAGEMENT_OFFSET);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
                assertThat(httpGet.get("port")).as(app + " " + probe + " on the management port")
                        .isEqualTo("management");
                assertThat(httpGet.get("path")).as(app + " " + probe).isEqualTo(probe.equals("readinessProbe")
                        ? "/actuator/health/readiness" : "/actuator/health/liveness");
            }
            Map<String, Object> annotations = map(map(map(map(deployment.get("spec")).get("template"))
                    .get("metadata")).get("annotations"));
            assertThat(annotations.get("prometheus.io/port")).as(app + " scraped on the management port")
                    .isEqualTo(String.valueOf(ports.get("management")));
            assertThat(annotations.get("prometheus.io/path")).isEqualTo("/actuator/prometheus");
            assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(((List<?>) map(find(docs, "Service", app).get("spec")).get("ports")))
                    .as(app + "'s Service exposes its API port only")
                    .allSatisfy(p -> assertThat(map(p).get("targetPort")).isEqualTo("http"));
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

    // ---- issue 13: who may reach whom, proxies, database users, placeholder secrets ----

    /** The services that own a database, each with its own user and schema. */
    private static final List<String> WITH_DATABASE = List.of("concert-service", "reservation-service",
            "wallet-service", "payment-service", "identity-service");
    /** Who calls the services' /auth/oauth2/jwks (every service verifies access tokens itself). */
    private static final List<String> SERVICES = APPS.subList(1, APPS.size());
    private static final String INGRESS_CONTROLLER = "ns:ingress-nginx/app.kubernetes.io/name=ingress-nginx";
    private static final String PROMETHEUS = "ns:monitoring/app.kubernetes.io/name=prometheus";
    private static final String INFRA = "ns:concert-infra";
    private static final String DNS = "ns:kube-system/k8s-app=kube-dns";

    @Test
    void the_base_trusts_no_proxy_and_the_example_overlay_trusts_its_ingress_controller() throws Exception {
        Map<String, Object> config = find(loadAll(infra.resolve("k8s/base")), "ConfigMap", "concert-config");
        assertThat(map(config.get("data")).get("GATEWAY_TRUSTED_PROXY_CIDRS")).as("base: X-Forwarded-For from nobody")
                .isEqualTo("");

        Path overlay = infra.resolve("k8s/overlays/example");
        Map<String, Object> kustomization = new Yaml().load(Files.readString(overlay.resolve("kustomization.yaml")));
        assertThat(strings(kustomization.get("resources"))).containsExactly("../../base");
        String cidrs = null;
        for (Object patch : (List<?>) kustomization.get("patches")) {
            Map<String, Object> target = map(map(patch).get("target"));
            if ("ConfigMap".equals(target.get("kind")) && "concert-config".equals(target.get("name"))) {
                for (Object op : (List<?>) new Yaml().load(map(patch).get("patch").toString())) {
                    if ("/data/GATEWAY_TRUSTED_PROXY_CIDRS".equals(map(op).get("path"))) {
                        assertThat(map(op).get("op")).isEqualTo("replace");
                        cidrs = map(op).get("value").toString();
                    }
                }
            }
        }
        assertThat(cidrs).as("the overlay sets the ingress controller's CIDR").isNotBlank();
        for (String cidr : cidrs.split(",")) {
            assertThat(cidr.trim()).matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
            assertThat(Integer.parseInt(cidr.trim().split("/")[1])).as("not the whole internet")
                    .isGreaterThanOrEqualTo(8);
        }
        if (kubectlInstalled()) {
            String out = kustomize(overlay);
            assertThat(out).contains("GATEWAY_TRUSTED_PROXY_CIDRS: " + cidrs);
        }
    }

    @Test
    void network_policies_deny_by_default_and_allow_only_the_documented_paths() throws IOException {
        List<Map<String, Object>> docs = loadAll(infra.resolve("k8s/base"));
        List<Map<String, Object>> policies = docs.stream().filter(d -> "NetworkPolicy".equals(d.get("kind"))).toList();
        Map<String, Object> kustomization = new Yaml()
                .load(Files.readString(infra.resolve("k8s/base/kustomization.yaml")));
        assertThat(strings(kustomization.get("resources"))).contains("network-policies.yaml");

        // one policy selects every pod, for both directions, and allows nothing
        assertThat(policies).anySatisfy(p -> {
            Map<String, Object> spec = map(p.get("spec"));
            assertThat(map(spec.get("podSelector"))).isEmpty();
            assertThat(strings(spec.get("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(spec).doesNotContainKeys("ingress", "egress");
        });

        Set<String> ingress = new TreeSet<>();
        Set<String> egress = new TreeSet<>();
        for (Map<String, Object> policy : policies) {
            Map<String, Object> spec = map(policy.get("spec"));
            Set<String> selected = appsSelectedBy(map(spec.get("podSelector")));
            List<?> types = (List<?>) spec.get("policyTypes");
            assertThat(types).as(name(policy) + ": policyTypes say which directions it governs").isNotEmpty();
            for (Object rule : listOrEmpty(spec.get("ingress"))) {
                for (String from : peers(map(rule).get("from"))) {
                    for (String port : ports(map(rule).get("ports"))) {
                        selected.forEach(app -> ingress.add(from + " -> " + app + ":" + port));
                    }
                }
            }
            for (Object rule : listOrEmpty(spec.get("egress"))) {
                for (String to : peers(map(rule).get("to"))) {
                    for (String port : ports(map(rule).get("ports"))) {
                        selected.forEach(app -> egress.add(app + " -> " + to + ":" + port));
                    }
                }
            }
        }

        Set<String> expectedIngress = new TreeSet<>();
        expectedIngress.add(INGRESS_CONTROLLER + " -> gateway:http/TCP");
        SERVICES.forEach(s -> expectedIngress.add("gateway -> " + s + ":http/TCP"));
        List.of("reservation-service", "wallet-service")
                .forEach(s -> expectedIngress.add("payment-service -> " + s + ":http/TCP"));
        SERVICES.stream().filter(s -> !s.equals("identity-service"))
                .forEach(s -> expectedIngress.add(s + " -> identity-service:http/TCP"));
        APPS.forEach(a -> expectedIngress.add(PROMETHEUS + " -> " + a + ":management/TCP"));
        assertThat(ingress).as("everything any policy lets in").containsExactlyElementsOf(expectedIngress);

        Set<String> expectedEgress = new TreeSet<>();
        for (String app : APPS) {
            expectedEgress.add(app + " -> " + DNS + ":53/UDP");
            expectedEgress.add(app + " -> " + DNS + ":53/TCP");
        }
        // the other end of every path inside the namespace
        expectedIngress.stream().filter(e -> !e.startsWith("ns:")).forEach(expectedEgress::add);
        WITH_DATABASE.forEach(s -> expectedEgress.add(s + " -> " + INFRA + ":3306/TCP"));
        List.of("queue-service", "concert-service", "reservation-service", "wallet-service", "payment-service")
                .forEach(s -> expectedEgress.add(s + " -> " + INFRA + ":9092/TCP"));
        List.of("gateway", "queue-service", "identity-service")
                .forEach(s -> expectedEgress.add(s + " -> " + INFRA + ":6379/TCP"));
        assertThat(egress).as("everything any policy lets out").containsExactlyElementsOf(expectedEgress);

        // the readable facts behind the sets above
        assertThat(ingress.stream().filter(e -> e.endsWith(" -> gateway:http/TCP"))).containsExactly(
                INGRESS_CONTROLLER + " -> gateway:http/TCP");
        assertThat(ingress.stream().filter(e -> e.contains(":management/")).map(e -> e.split(" -> ")[0]).distinct())
                .containsExactly(PROMETHEUS);
        assertThat(ingress.stream().filter(e -> e.contains(":http/") && e.startsWith("ns:")))
                .as("from outside the namespace, only the ingress controller, and only to the gateway").hasSize(1);

        // the policies name ports: every app's container has both names
        for (String app : APPS) {
            Map<String, Object> container = container(find(docs, "Deployment", app));
            assertThat(((List<?>) container.get("ports")).stream().map(p -> map(p).get("name")))
                    .as(app + " container ports").contains("http", "management");
        }
    }

    @Test
    void every_service_with_a_database_connects_as_its_own_user_in_kubernetes() throws IOException {
        List<Map<String, Object>> docs = loadAll(infra.resolve("k8s/base"));
        Map<String, Object> secret = map(find(docs, "Secret", "concert-secrets").get("stringData"));
        assertThat(map(find(docs, "ConfigMap", "concert-config").get("data")))
                .as("no shared database user or password").doesNotContainKeys("DB_USER", "DB_PASSWORD");
        Set<String> users = new TreeSet<>();
        for (String app : APPS) {
            Map<String, Object> container = container(find(docs, "Deployment", app));
            Map<String, Map<String, Object>> env = env(container);
            assertThat(listOrEmpty(container.get("envFrom")))
                    .as(app + ": only the secrets it uses, by key (no envFrom of the whole Secret)")
                    .noneMatch(e -> map(e).containsKey("secretRef"));
            if (!WITH_DATABASE.contains(app)) {
                assertThat(env).as(app + " has no database").doesNotContainKeys("DB_USER", "DB_PASSWORD");
                continue;
            }
            String service = app.substring(0, app.indexOf('-'));
            assertThat(env.get("DB_USER").get("value")).isEqualTo(service + "_service");
            users.add(env.get("DB_USER").get("value").toString());
            Map<String, Object> ref = map(map(env.get("DB_PASSWORD").get("valueFrom")).get("secretKeyRef"));
            assertThat(ref.get("name")).isEqualTo("concert-secrets");
            assertThat(ref.get("key")).isEqualTo(service.toUpperCase() + "_DB_PASSWORD");
            assertThat(secret).containsKey(ref.get("key").toString());
        }
        assertThat(users).hasSize(WITH_DATABASE.size());
    }

    @Test
    void compose_connects_every_service_as_its_own_user_that_mysql_init_grants_its_own_schema_only()
            throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(infra.resolve("compose/docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        String init = Files.readAllLines(infra.resolve("compose/mysql-init.sql")).stream()
                .filter(line -> !line.startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));

        Map<String, String> passwords = new LinkedHashMap<>(); // user -> password, as mysql-init.sql creates them
        Matcher created = Pattern.compile("CREATE USER IF NOT EXISTS '([^']+)'@'%' IDENTIFIED BY '([^']+)'")
                .matcher(init);
        while (created.find()) {
            passwords.put(created.group(1), created.group(2));
        }
        Map<String, List<String>> grants = new LinkedHashMap<>(); // user -> what it was granted on
        Matcher granted = Pattern.compile("(?i)GRANT\\s+(.+?)\\s+ON\\s+(\\S+)\\s+TO\\s+'([^']+)'@'%'([^;]*);")
                .matcher(init);
        while (granted.find()) {
            assertThat(granted.group(4)).as("no GRANT OPTION").doesNotContainIgnoringCase("GRANT OPTION");
            grants.computeIfAbsent(granted.group(3), u -> new ArrayList<>()).add(granted.group(2));
        }

        for (String app : APPS) {
            Map<String, Object> env = map(map(services.get(app)).get("environment"));
            if (!WITH_DATABASE.contains(app)) {
                assertThat(env).as(app + " has no database").doesNotContainKeys("DB_USER", "DB_PASSWORD");
                continue;
            }
            String service = app.substring(0, app.indexOf('-'));
            String user = String.valueOf(env.get("DB_USER"));
            assertThat(user).as(app).isEqualTo(service + "_service").isNotEqualToIgnoringCase("root");
            assertThat(passwords).as(app + "'s user is created with the password compose gives it")
                    .containsEntry(user, String.valueOf(env.get("DB_PASSWORD")));
            assertThat(grants.get(user)).as(user + ": rights on its own database, nothing else")
                    .containsExactly("`" + service + "\\_db`.*");
            assertThat(init).contains("CREATE DATABASE IF NOT EXISTS " + service + "_db;");
        }
        assertThat(grants.keySet()).as("nobody else is granted anything").hasSize(WITH_DATABASE.size());
        assertThat(init).doesNotContainPattern("(?i)ON\\s+\\*\\.\\*");
        // compose's own values are not the placeholders the apps refuse
        assertThat(passwords.values()).noneMatch(p -> p.toLowerCase().contains("change-me"));
    }

    @Test
    void the_shipped_kubernetes_secrets_are_all_placeholders_the_apps_refuse() throws IOException {
        Map<String, Object> secret = map(find(loadAll(infra.resolve("k8s/base")), "Secret", "concert-secrets")
                .get("stringData"));
        // queue-token's SigningKeys, service-platform's and identity-service's PlaceholderSecret refuse "change-me"
        assertThat(secret).isNotEmpty();
        secret.forEach((key, value) -> assertThat(value.toString()).as(key).contains("change-me"));
    }

    private static List<Map<String, Object>> loadAll(Path dir) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        docs.add(map(doc));
                    }
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return map(((List<?>) map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers"))
                .getFirst());
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        listOrEmpty(container.get("env")).forEach(e -> env.put(map(e).get("name").toString(), map(e)));
        return env;
    }

    private static List<String> strings(Object list) {
        return listOrEmpty(list).stream().map(String::valueOf).toList();
    }

    private static List<?> listOrEmpty(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc.get("metadata")).get("name"));
    }

    /** The apps of this namespace a pod selector selects (by app.kubernetes.io/name, the only label they select on). */
    private static Set<String> appsSelectedBy(Map<String, Object> selector) {
        if (selector == null || selector.isEmpty()) {
            return new TreeSet<>(APPS);
        }
        Set<String> apps = new TreeSet<>(APPS);
        Map<String, Object> labels = map(selector.getOrDefault("matchLabels", Map.of()));
        labels.forEach((key, value) -> {
            assertThat(key).isEqualTo("app.kubernetes.io/name");
            apps.retainAll(Set.of(value.toString()));
        });
        for (Object expression : listOrEmpty(selector.get("matchExpressions"))) {
            assertThat(map(expression).get("key")).isEqualTo("app.kubernetes.io/name");
            assertThat(map(expression).get("operator")).isEqualTo("In");
            List<?> values = (List<?>) map(expression).get("values");
            assertThat(APPS).as("selector values name apps").containsAll(values.stream().map(String::valueOf).toList());
            apps.retainAll(values);
        }
        return apps;
    }

    /** A rule's peers: apps of this namespace, or "ns:<namespace>[/<label>=<value>]"; a rule with none is "anyone". */
    private static List<String> peers(Object peers) {
        if (peers == null) {
            return List.of("ANYONE");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) peers) {
            Map<String, Object> peer = map(o);
            if (peer.containsKey("ipBlock")) {
                out.add("ip:" + map(peer.get("ipBlock")).get("cidr"));
            } else if (peer.containsKey("namespaceSelector")) {
                Map<String, Object> ns = map(map(peer.get("namespaceSelector")).get("matchLabels"));
                assertThat(ns).as("a namespace by name").containsOnlyKeys("kubernetes.io/metadata.name");
                String name = "ns:" + ns.get("kubernetes.io/metadata.name");
                if (peer.containsKey("podSelector")) {
                    Map<String, Object> labels = map(map(peer.get("podSelector")).get("matchLabels"));
                    assertThat(labels).hasSize(1);
                    name += "/" + labels.keySet().iterator().next() + "=" + labels.values().iterator().next();
                }
                out.add(name);
            } else {
                out.addAll(appsSelectedBy(map(peer.get("podSelector"))));
            }
        }
        return out;
    }

    /** A rule's ports as "port/protocol"; a rule with none is every port. */
    private static List<String> ports(Object ports) {
        if (ports == null) {
            return List.of("ANY-PORT");
        }
        return ((List<?>) ports).stream()
                .map(p -> map(p).get("port") + "/" + map(p).getOrDefault("protocol", "TCP")).toList();
    }

    private static boolean kubectlInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/kubectl")) || Files.isExecutable(Path.of("/usr/local/bin/kubectl"));
    }

    private static String kustomize(Path dir) throws Exception {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
