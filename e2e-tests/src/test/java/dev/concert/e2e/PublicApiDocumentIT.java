package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public API document the gateway serves ({@code GET /api-docs}, written once) against the documents the
 * running services generate from their controllers (springdoc, {@code /api-docs/<service>}): the same operations,
 * and the same fields in every request body and every success answer. Together with the journey through the
 * generated client, a controller change that the document does not follow fails here.
 */
class PublicApiDocumentIT {

    private static final List<String> SERVICES = List.of("queue-service", "concert-service", "reservation-service",
            "wallet-service", "payment-service");
    /** identity-service's one public operation (sign-up); its document is not routed, the journey covers it. */
    private static final String SIGN_UP = "POST /api/v1/accounts";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private static final Api api = LocalStack.api();

    @BeforeAll
    static void startStack() {
        LocalStack.ensureStarted();
    }

    @Test
    void the_public_document_names_exactly_the_operations_the_services_serve_with_the_same_fields() {
        JsonNode published = document("/api-docs");
        Map<String, JsonNode> publicOperations = operations(published);
        Map<String, JsonNode> servedOperations = new TreeMap<>();
        Map<String, JsonNode> servedDocuments = new TreeMap<>();
        for (String service : SERVICES) {
            JsonNode served = document("/api-docs/" + service);
            operations(served).forEach((key, op) -> {
                servedOperations.put(key, op);
                servedDocuments.put(key, served);
            });
        }

        Set<String> expected = new TreeSet<>(servedOperations.keySet());
        expected.add(SIGN_UP);
        assertThat(new TreeSet<>(publicOperations.keySet())).as("operations").isEqualTo(expected);

        servedOperations.forEach((key, served) -> {
            JsonNode doc = servedDocuments.get(key);
            JsonNode mine = publicOperations.get(key);
            assertThat(fields(published, requestSchema(mine))).as(key + " request body fields")
                    .isEqualTo(fields(doc, requestSchema(served)));
            Set<String> servedAnswer = fields(doc, successSchema(served));
            if (!servedAnswer.isEmpty()) {
                // an answer the service writes itself as bytes (the status poll) has no schema there
                assertThat(fields(published, successSchema(mine))).as(key + " answer fields").isEqualTo(servedAnswer);
            }
        });
    }

    private static JsonNode document(String path) {
        Api.Reply reply = api.get(path, Api.As.NOBODY);
        assertThat(reply.status()).as(path + ": " + reply).isEqualTo(200);
        return reply.body();
    }

    /** "METHOD /api/v1/path/{}" → the operation, path variables' names aside. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (String path : document.path("paths").propertyNames()) {
            if (!path.startsWith("/api/v1/")) {
                continue;
            }
            JsonNode item = document.path("paths").path(path);
            for (String method : METHODS) {
                if (item.has(method)) {
                    operations.put(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{}"), item.path(method));
                }
            }
        }
        return operations;
    }

    private static JsonNode requestSchema(JsonNode operation) {
        return operation.path("requestBody").path("content").path("application/json").path("schema");
    }

    /** The schema of the first 2xx answer in JSON. */
    private static JsonNode successSchema(JsonNode operation) {
        for (String status : operation.path("responses").propertyNames()) {
            if (status.startsWith("2")) {
                JsonNode content = operation.path("responses").path(status).path("content");
                for (String type : content.propertyNames()) {
                    if (type.contains("json")) {
                        return content.path(type).path("schema");
                    }
                }
            }
        }
        return null;
    }

    /** The property names of a schema (of its items for an array), {@code $ref}s followed. */
    private static Set<String> fields(JsonNode document, JsonNode schema) {
        Set<String> names = new TreeSet<>();
        JsonNode s = resolve(document, schema);
        if (s == null || s.isMissingNode()) {
            return names;
        }
        if (s.has("items")) {
            s = resolve(document, s.path("items"));
        }
        names.addAll(s.path("properties").propertyNames());
        return names;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        if (schema == null || !schema.has("$ref")) {
            return schema;
        }
        JsonNode target = document;
        for (String part : schema.path("$ref").asString().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }
}
