package dev.concert.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PublicApiDocumentRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void the_configured_public_address_is_the_server_whatever_host_the_request_names() {
        WebTestClient client = WebTestClient.bindToRouterFunction(
                new PublicApiDocument().publicApiDocumentRoutes(JSON, "https://tickets.example.com")).build();

        JsonNode document = document(client, "attacker.example");

        assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo("https://tickets.example.com");
    }

    @Test
    void without_one_the_server_is_the_address_the_request_reached_and_answers_vary_by_host() {
        WebTestClient client = WebTestClient.bindToRouterFunction(
                new PublicApiDocument().publicApiDocumentRoutes(JSON, "")).build();

        client.get().uri("http://gateway.local:8080/api-docs").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Vary", "Host");
        assertThat(document(client, "gateway.local:8080").path("servers").path(0).path("url").asString())
                .isEqualTo("http://gateway.local:8080");
    }

    private static JsonNode document(WebTestClient client, String host) {
        byte[] body = client.get().uri("http://" + host + "/api-docs").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }
}
