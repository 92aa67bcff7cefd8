package dev.concert.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API document against the gateway's own routes (application.yml): what a client reads is what the
 * gateway serves. The services' documents and the generated client's journey check it from the other side (e2e).
 */
class PublicApiDocumentTest {

    /** Headers the gateway or the platform sets for the services; a client never sends them. */
    private static final Set<String> INTERNAL_HEADERS = Set.of("x-user-id", "x-queue-room", "x-client-address",
            "x-admin-key", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "forwarded");
    /**
     * The only headers an operation may ask of a client as parameters (the tokens are security schemes); the
     * gateway forwards them unchanged. Prefer (RFC 7240) lets a client wait for a payment's outcome.
     */
    private static final Set<String> PUBLIC_HEADERS = Set.of("idempotency-key", "if-none-match", "prefer");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final Map<String, Object> document = PublicApiDocument.load();
    private final List<PublicRoute> routes = publicRoutes();

    @Test
    void every_public_gateway_route_has_an_operation_in_the_document() {
        assertThat(routes).as("the gateway's /api routes").hasSizeGreaterThan(10);
        List<String> missing = new ArrayList<>();
        for (PublicRoute route : routes) {
            for (String pattern : route.paths()) {
                PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
                boolean documented = operations().stream().anyMatch(op -> parsed.matches(op.samplePath())
                        && (route.method() == null || route.method().equalsIgnoreCase(op.method())));
                if (!documented) {
                    missing.add(route.id() + " " + (route.method() == null ? "*" : route.method()) + " " + pattern);
                }
            }
        }
        assertThat(missing).as("routes without an operation").isEmpty();
    }

    @Test
    void every_operation_is_routed_by_the_gateway_with_the_queue_token_it_declares() {
        for (Operation op : operations()) {
            PublicRoute route = routes.stream().filter(r -> r.serves(op)).findFirst().orElse(null);
            assertThat(route).as("the route of " + op).isNotNull();
            boolean needsQueueToken = !route.token().equals("NONE");
            assertThat(op.securitySchemes().contains("queueToken")).as(op + " declares the queue token iff "
                    + route.id() + " asks for one (" + route.token() + ")").isEqualTo(needsQueueToken);
            boolean signUp = op.path().equals("/api/v1/accounts");
            assertThat(op.securitySchemes().contains("accessToken")).as(op + " declares the access token")
                    .isEqualTo(!signUp);
        }
    }

    @Test
    void no_operation_lists_an_internal_header() {
        for (Operation op : operations()) {
            for (Map<String, Object> parameter : op.parameters()) {
                if ("header".equals(parameter.get("in"))) {
                    String name = String.valueOf(parameter.get("name")).toLowerCase();
                    assertThat(INTERNAL_HEADERS).as(op + " lists header " + name).doesNotContain(name);
                    assertThat(PUBLIC_HEADERS).as(op + " lists header " + name).contains(name);
                }
            }
        }
        Map<String, Map<String, Object>> schemes = map(map(document.get("components")).get("securitySchemes"));
        schemes.values().stream().filter(s -> "apiKey".equals(s.get("type")))
                .forEach(s -> assertThat(INTERNAL_HEADERS).doesNotContain(String.valueOf(s.get("name")).toLowerCase()));
    }

    @Test
    void every_error_is_problem_json_with_its_codes_as_examples() {
        for (Operation op : operations()) {
            assertThat(op.responses()).as(op + " responses").isNotEmpty();
            op.responses().forEach((status, declared) -> {
                Map<String, Object> response = resolved(declared);
                Map<String, Object> content = map(response.get("content"));
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(content).as(op + " " + status).containsOnlyKeys("application/problem+json");
                    Map<String, Object> examples = map(map(content.get("application/problem+json")).get("examples"));
                    assertThat(examples).as(op + " " + status + " codes").isNotEmpty();
                    examples.forEach((code, example) -> {
                        Map<String, Object> value = map(map(example).get("value"));
                        assertThat(value.get("code")).as(op + " " + status + " example " + code).isEqualTo(code);
                        assertThat(String.valueOf(value.get("status"))).as(op + " " + code).isEqualTo(status);
                    });
                } else if (content != null && content.containsKey("application/json")) {
                    Map<String, Object> json = map(content.get("application/json"));
                    assertThat(json.containsKey("example") || json.containsKey("examples"))
                            .as(op + " " + status + " has an example").isTrue();
                }
            });
            Map<String, Object> body = map(op.definition().get("requestBody"));
            if (body != null) {
                assertThat(map(map(body.get("content")).get("application/json"))).as(op + " request example")
                        .containsKey("example");
            }
        }
    }

    @Test
    void operations_have_unique_meaningful_ids_and_one_capability_tag_each() {
        Set<String> tags = new HashSet<>();
        for (Object tag : (List<?>) document.get("tags")) {
            tags.add(String.valueOf(map(tag).get("name")));
        }
        Set<String> ids = new TreeSet<>();
        for (Operation op : operations()) {
            String id = String.valueOf(op.definition().get("operationId"));
            assertThat(id).as(op + " operationId").matches("[a-z][A-Za-z]{5,}");
            assertThat(ids.add(id)).as("unique operationId " + id).isTrue();
            List<?> opTags = (List<?>) op.definition().get("tags");
            assertThat(opTags).as(op + " tags").hasSize(1);
            assertThat(tags).contains(String.valueOf(opTags.getFirst()));
        }
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        assertThat(map(document.get("info")).get("title")).isEqualTo("Concert reservation platform API");
    }

    record Operation(String path, String method, Map<String, Object> definition, List<String> securitySchemes) {

        PathContainer samplePath() {
            return PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x1"));
        }

        List<Map<String, Object>> parameters() {
            List<Map<String, Object>> parameters = new ArrayList<>();
            Object listed = definition.get("parameters");
            if (listed instanceof List<?> list) {
                list.forEach(p -> parameters.add(map(p)));
            }
            return parameters;
        }

        Map<String, Map<String, Object>> responses() {
            return map(definition.get("responses"));
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    record PublicRoute(String id, List<String> paths, String method, String token, int order) {

        boolean serves(Operation op) {
            return (method == null || method.equalsIgnoreCase(op.method())) && paths.stream()
                    .anyMatch(p -> PathPatternParser.defaultInstance.parse(p).matches(op.samplePath()));
        }
    }

    /** Every operation, with the security schemes it declares (its own, or the document's default). */
    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        Map<String, Map<String, Object>> paths = map(document.get("paths"));
        paths.forEach((path, item) -> METHODS.forEach(method -> {
            Map<String, Object> definition = map(item.get(method));
            if (definition != null) {
                Object security = definition.containsKey("security") ? definition.get("security")
                        : document.get("security");
                List<String> schemes = new ArrayList<>();
                for (Object requirement : (List<?>) security) {
                    schemes.addAll(map(requirement).keySet());
                }
                operations.add(new Operation(path, method, definition, schemes));
            }
        }));
        return operations;
    }

    /** The gateway's routes under /api/, in the order the gateway tries them (order, then declaration). */
    private static List<PublicRoute> publicRoutes() {
        Map<String, Object> config;
        try (InputStream in = new ClassPathResource("application.yml").getInputStream()) {
            config = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Object routes = map(map(map(map(map(config.get("spring")).get("cloud")).get("gateway")).get("server"))
                .get("webflux")).get("routes");
        List<PublicRoute> result = new ArrayList<>();
        for (Object r : (List<?>) routes) {
            Map<String, Object> route = map(r);
            List<String> paths = new ArrayList<>();
            String method = null;
            for (Object predicate : (List<?>) route.get("predicates")) {
                String p = String.valueOf(predicate);
                if (p.startsWith("Path=")) {
                    paths.addAll(List.of(p.substring("Path=".length()).split(",")));
                } else if (p.startsWith("Method=")) {
                    method = p.substring("Method=".length());
                }
            }
            if (paths.stream().anyMatch(p -> p.startsWith("/api/"))) {
                Map<String, Object> metadata = map(route.get("metadata"));
                String token = metadata == null || metadata.get("token") == null ? "ACTIVE"
                        : String.valueOf(metadata.get("token"));
                Object order = route.get("order");
                result.add(new PublicRoute(String.valueOf(route.get("id")), paths, method, token,
                        order == null ? 0 : ((Number) order).intValue()));
            }
        }
        // stable: equal orders keep their declaration order, as the gateway does
        result.sort((a, b) -> Integer.compare(a.order(), b.order()));
        return result;
    }

    /** A {@code $ref} to {@code #/components/...} replaced by what it names. */
    private Map<String, Object> resolved(Map<String, Object> maybeRef) {
        Object ref = maybeRef.get("$ref");
        if (ref == null) {
            return maybeRef;
        }
        Map<String, Object> target = document;
        for (String part : String.valueOf(ref).substring(2).split("/")) {
            target = map(target.get(part));
        }
        assertThat(target).as("the target of " + ref).isNotNull();
        return target;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> map(Object o) {
        return (Map<String, T>) o;
    }
}
