package dev.concert.gateway.routing;

import java.util.Optional;

import dev.concert.gateway.problem.Problems;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A hard limit on request bodies, before anything else reads them (the access-token check included): every body the
 * API takes is a few hundred bytes. A declared {@code Content-Length} above the limit is refused unread; a body of
 * unknown length (chunked) is read here up to the limit and refused as soon as it goes past it, else handed on from
 * memory with its length now known. Either way no stream of any length reaches a service or grows the heap by more
 * than the limit. 413 {@code PAYLOAD_TOO_LARGE}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimit implements WebFilter {

    private final int maxBytes;

    BodySizeLimit(@Value("${gateway.max-body-bytes:16384}") int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return refuse(exchange);
        }
        if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(body -> chain.filter(exchange.mutate()
                        .request(new KnownLength(exchange.getRequest(), body.orElse(null))).build()))
                .onErrorResume(DataBufferLimitException.class, tooLong -> refuse(exchange));
    }

    private Mono<Void> refuse(ServerWebExchange exchange) {
        // the rest of an oversized body is not worth reading: the connection goes after the answer
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                "request body exceeds " + maxBytes + " bytes");
    }

    /** The request with its (small) body read, as one buffer of a declared length. */
    private static final class KnownLength extends ServerHttpRequestDecorator {

        private final DataBuffer body;
        private final HttpHeaders headers;

        KnownLength(ServerHttpRequest request, DataBuffer body) {
            super(request);
            this.body = body;
            this.headers = new HttpHeaders();
            this.headers.addAll(request.getHeaders());
            this.headers.remove(HttpHeaders.TRANSFER_ENCODING);
            this.headers.setContentLength(body == null ? 0 : body.readableByteCount());
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body == null ? Flux.empty() : Flux.just(body);
        }
    }
}
