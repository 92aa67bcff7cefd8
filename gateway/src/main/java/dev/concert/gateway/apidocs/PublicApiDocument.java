package dev.concert.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import tools.jackson.databind.json.JsonMapper;

/**
 * The public API's one OpenAPI document ({@code public-api/openapi.yaml}, written once and checked against the routes
 * and the services by tests), served at {@code GET /api-docs} (JSON) and {@code GET /api-docs.yaml}. The server it
 * names is the address the document was fetched from, so a client generated or tried from it calls the gateway the
 * reader reached, never a service's internal address. {@code GET /api-docs/ui} shows it in Swagger UI (its files
 * from the webjar, under {@code /webjars/**}).
 */
@Configuration(proxyBeanMethods = false)
class PublicApiDocument {

    static final String LOCATION = "public-api/openapi.yaml";

    private final Map<String, Object> document;
    private final String page;
    private final String pageScript;

    PublicApiDocument() {
        this.document = load();
        this.page = text("public-api/ui.html").replace("@VERSION@", swaggerUiVersion());
        this.pageScript = text("public-api/ui.js");
    }

    static Map<String, Object> load() {
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            // the safe constructor: plain maps, lists and scalars, nothing instantiated from tags
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the public API document " + LOCATION + " cannot be read", e);
        }
    }

    private static String text(String location) {
        try (InputStream in = new ClassPathResource(location).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(location + " cannot be read", e);
        }
    }

    /** The Swagger UI jar's own version (its files are served under /webjars/swagger-ui/<version>/). */
    private static String swaggerUiVersion() {
        Properties pom = new Properties();
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
                .getInputStream()) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Swagger UI's webjar is missing", e);
        }
        return pom.getProperty("version");
    }

    /**
     * @param publicUrl the gateway's address as clients reach it ({@code GATEWAY_PUBLIC_URL}, e.g. the Ingress' https
     *                  address): behind a proxy that ends TLS, the request itself would say http. Empty: the address
     *                  the request reached.
     */
    @Bean
    RouterFunction<ServerResponse> publicApiDocumentRoutes(JsonMapper json,
                                                           @Value("${gateway.public-url:}") String publicUrl) {
        return RouterFunctions.route()
                .GET("/api-docs", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noCache()).varyBy(HttpHeaders.HOST)
                        .bodyValue(json.writeValueAsBytes(forServer(request, publicUrl))))
                .GET("/api-docs.yaml", request -> ServerResponse.ok()
                        .contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                        .cacheControl(CacheControl.noCache()).varyBy(HttpHeaders.HOST)
                        .bodyValue(new Yaml().dump(forServer(request, publicUrl))))
                // a browsable page of the document (Swagger UI), with nothing from the internet
                .GET("/api-docs/ui", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .bodyValue(page))
                .GET("/api-docs/ui.js", request -> ServerResponse.ok()
                        .contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                        .bodyValue(pageScript))
                .build();
    }

    /** The document with the gateway's public address, else the one the request reached: what a reader calls. */
    private Map<String, Object> forServer(ServerRequest request, String publicUrl) {
        Map<String, Object> copy = new LinkedHashMap<>(document);
        String origin = !publicUrl.isBlank() ? publicUrl.strip()
                : request.uri().getScheme() + "://" + request.uri().getRawAuthority();
        copy.put("servers", List.of(Map.of("url", origin, "description", "the gateway")));
        return copy;
    }
}
