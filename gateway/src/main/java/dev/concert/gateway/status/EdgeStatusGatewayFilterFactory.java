package dev.concert.gateway.status;

import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.token.QueueTokenFilter;
import dev.concert.queuestatus.StatusResponse;
import dev.concert.token.QueueTokenClaims;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * {@code EdgeStatus} route filter: answers {@code GET /api/v1/queue/status} in the gateway from Redis instead of
 * proxying it. The status poll is the hottest call of a sale (every waiting fan repeats it); answering it here
 * saves a hop and a whole service request per poll. The answer is queue-service's, computed by the same
 * queue-status code from the same data and queue-service's own published rules. Without readable rules (a new or
 * flushed Redis, another rules version) or with Redis not answering the gateway, the poll goes on to queue-service
 * as before (which answers, or says 503 {@code QUEUE_STORE_UNAVAILABLE} itself).
 */
@Component
public class EdgeStatusGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private static final Logger log = LoggerFactory.getLogger(EdgeStatusGatewayFilterFactory.class);

    private final EdgeStatusReader reader;
    private final boolean enabled;
    private final JsonMapper json;
    private final Counter atEdge;
    private final Counter forwarded;

    public EdgeStatusGatewayFilterFactory(EdgeStatusReader reader, JsonMapper json, MeterRegistry meters,
                                          GatewaySettings settings) {
        this.reader = reader;
        this.enabled = settings.edgeStatus();
        this.json = json;
        this.atEdge = answers(meters, "edge");
        this.forwarded = answers(meters, "queue-service");
    }

    private static Counter answers(MeterRegistry meters, String by) {
        return Counter.builder("gateway.queue.status.answers").description("queue status polls by who answered them")
                .tag("by", by).register(meters);
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> {
            QueueTokenClaims caller = exchange.getAttribute(QueueTokenFilter.CLAIMS_ATTRIBUTE);
            if (!enabled || caller == null) { // caller null: the route asks for no token, nothing to answer here
                return chain.filter(exchange);
            }
            return reader.statusOf(caller)
                    .onErrorResume(e -> {
                        // Redis unreachable from here: queue-service may still reach it, or answers its own 503
                        log.debug("status poll forwarded, the queue store did not answer: {}", e.toString());
                        return Mono.just(Optional.empty());
                    })
                    .flatMap(status -> {
                        if (status.isEmpty()) {
                            forwarded.increment();
                            return chain.filter(exchange);
                        }
                        atEdge.increment();
                        ServerHttpResponse response = exchange.getResponse();
                        byte[] body = json.writeValueAsBytes(StatusResponse.of(status.get()));
                        response.setStatusCode(HttpStatus.OK);
                        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                        response.getHeaders().setCacheControl("no-store");
                        response.getHeaders().setContentLength(body.length);
                        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
                    });
        };
    }
}
