package dev.concert.queue.console;

import java.net.URI;
import java.util.UUID;

import dev.concert.platform.admin.AdminKey;
import dev.concert.platform.web.ApiProblem;
import dev.concert.queue.redis.QueueStoreUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The console over HTTP. {@code GET /console} is the page (it holds no data); everything under
 * {@code /console/api} needs the admin key in {@code X-Admin-Key} (401/403 problem+json otherwise, as the admin API):
 * {@code GET /console/api/overview} to read, and POSTs only to act, so a link or an image cannot change anything
 * (and a custom header cannot be sent cross-origin without a CORS grant, which the management port never gives).
 */
final class ConsoleApi {

    private static final Logger log = LoggerFactory.getLogger(ConsoleApi.class);
    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    private final OperatorConsole console;
    private final RoomControls rooms;
    private final SaleControls sales;
    private final ParkedRecords parked;
    private final AdminKey adminKey;

    ConsoleApi(OperatorConsole console, RoomControls rooms, SaleControls sales, ParkedRecords parked,
               AdminKey adminKey) {
        this.console = console;
        this.rooms = rooms;
        this.sales = sales;
        this.parked = parked;
        this.adminKey = adminKey;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/console", request -> file("console/index.html", HTML))
                .GET("/console/", request -> file("console/index.html", HTML))
                .GET("/console/console.js", request -> file("console/console.js", JAVASCRIPT))
                .GET("/console/console.css", request -> file("console/console.css", CSS))
                .path("/console/api", api -> api
                        .GET("/overview", request -> json(console.overview()))
                        .POST("/rooms/{roomId}/pause", request -> json(rooms.pause(room(request), who(request))))
                        .POST("/rooms/{roomId}/resume", request -> json(rooms.resume(room(request), who(request))))
                        .POST("/rooms/{roomId}/settings", request -> {
                            RoomSettingsChange change = request.body(RoomSettingsChange.class);
                            return json(rooms.settings(room(request), change.capacity(),
                                    change.admissionsPerSecond(), who(request)));
                        })
                        .POST("/schedules/{scheduleId}/close", request ->
                                forwarded(sales.close(schedule(request), who(request)), "concert-service"))
                        .POST("/schedules/{scheduleId}/reopen", request ->
                                forwarded(sales.reopen(schedule(request), who(request)), "concert-service"))
                        .POST("/parked/{service}/replay", this::replay)
                        // anything else under /console/api: still behind the key, then 404
                        .route(RequestPredicates.all(), request -> problem(HttpStatus.NOT_FOUND, "NOT_FOUND",
                                "no such console resource"))
                        .filter(requireAdminKey())
                        .onError(Throwable.class, (e, request) -> problemFor(e)))
                .build();
    }

    /** The body of {@code POST /console/api/rooms/{id}/settings}; null leaves a setting as it is. */
    record RoomSettingsChange(Integer capacity, Double admissionsPerSecond) {
    }

    /** RFC 9457 with the platform's stable {@code code}, as every other refusal of the platform. */
    record Problem(URI type, String title, int status, String detail, String code) {
    }

    private HandlerFilterFunction<ServerResponse, ServerResponse> requireAdminKey() {
        return (request, next) -> {
            try {
                adminKey.preHandle(request.servletRequest(), null, null);
            } catch (ApiProblem refused) {
                return problem(refused.status(), refused.code(), refused.getMessage());
            }
            return next.handle(request);
        };
    }

    private ServerResponse replay(ServerRequest request) {
        String service = request.pathVariable("service");
        if (!parked.knows(service)) {
            return problem(HttpStatus.NOT_FOUND, "SERVICE_NOT_FOUND", "the console knows no service " + service);
        }
        ManagementPorts.Answer answer = parked.replay(service);
        RoomControls.AUDIT.info("who={} what=replay-parked service={} answer={}", who(request), service,
                answer.unreachable() != null ? answer.trouble() : answer.status() + " " + answer.body());
        console.parkedChanged();
        return forwarded(answer, service);
    }

    /** Another service's answer as it came (problem+json included), or 502 if none came. */
    private static ServerResponse forwarded(ManagementPorts.Answer answer, String service) {
        if (answer.unreachable() != null) {
            return problem(HttpStatus.BAD_GATEWAY, "SERVICE_UNREACHABLE", service + " " + answer.trouble());
        }
        MediaType type = answer.contentType().isBlank() ? MediaType.APPLICATION_JSON
                : MediaType.parseMediaType(answer.contentType());
        return ServerResponse.status(answer.status()).contentType(type).cacheControl(CacheControl.noStore())
                .body(answer.body());
    }

    private static ServerResponse json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(body);
    }

    private static ServerResponse file(String path, MediaType type) {
        return ServerResponse.ok().contentType(type).cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                .body(new ClassPathResource(path));
    }

    private static UUID room(ServerRequest request) {
        return uuid(request, "roomId");
    }

    private static UUID schedule(ServerRequest request) {
        return uuid(request, "scheduleId");
    }

    private static UUID uuid(ServerRequest request, String name) {
        try {
            return UUID.fromString(request.pathVariable(name));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("MALFORMED_PARAMETER", "'" + name + "' is not a valid UUID");
        }
    }

    private static Operator who(ServerRequest request) {
        return Operator.of(request.headers().firstHeader(Operator.HEADER), request.servletRequest().getRemoteAddr());
    }

    private static ServerResponse problemFor(Throwable e) {
        if (e instanceof ApiProblem p) {
            return problem(p.status(), p.code(), p.getMessage());
        }
        if (e instanceof HttpMessageNotReadableException) {
            return problem(HttpStatus.BAD_REQUEST, "MALFORMED_BODY",
                    "the request body is missing or is not valid JSON of the expected shape");
        }
        if (e instanceof HttpMediaTypeNotSupportedException) {
            return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
        }
        if (QueueStoreUnavailable.isOutage(e)) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "QUEUE_STORE_UNAVAILABLE",
                    "the queue store is unavailable; retry shortly");
        }
        log.error("operator console request failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "the console failed; see the log");
    }

    private static ServerResponse problem(HttpStatus status, String code, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .cacheControl(CacheControl.noStore())
                .body(new Problem(URI.create("https://concert.dev/problems/" + code.toLowerCase().replace('_', '-')),
                        status.getReasonPhrase(), status.value(), detail, code));
    }
}
