package dev.concert.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Mono;

class OutlierEjectionTest {

    static final ServiceInstance ONE = new DefaultServiceInstance("r-0", "reservation-service", "10.0.0.1", 8083, false);
    static final ServiceInstance TWO = new DefaultServiceInstance("r-1", "reservation-service", "10.0.0.2", 8083, false);

    final AtomicLong now = new AtomicLong();
    final OutlierEjection outliers = new OutlierEjection(3, Duration.ofSeconds(10), now::get);

    @Test
    void an_instance_that_failed_three_requests_in_a_row_gets_none_for_the_ejection_time() {
        outliers.failed(ONE);
        outliers.failed(ONE);
        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(ONE, TWO);

        outliers.failed(ONE);

        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(TWO);
        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(TWO);
        now.addAndGet(1);
        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(ONE, TWO);
    }

    @Test
    void an_answer_between_failures_starts_the_count_again() {
        outliers.failed(ONE);
        outliers.failed(ONE);
        outliers.answered(ONE);
        outliers.failed(ONE);
        outliers.failed(ONE);

        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(ONE, TWO);
    }

    @Test
    void a_retry_leaves_out_the_instance_its_previous_attempt_got_no_answer_from() {
        outliers.failed(ONE);

        assertThat(outliers.usable(List.of(ONE, TWO), "reservation-service@10.0.0.1:8083")).containsExactly(TWO);
        assertThat(outliers.usable(List.of(ONE), "reservation-service@10.0.0.1:8083")).containsExactly(ONE);
    }

    @Test
    void when_every_instance_is_ejected_all_of_them_get_requests() {
        for (int i = 0; i < 3; i++) {
            outliers.failed(ONE);
            outliers.failed(TWO);
        }

        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(ONE, TWO);
    }

    @Test
    void the_filter_counts_an_unanswered_attempt_and_an_answer_resets_the_count() {
        filterOnce(exchange -> Mono.error(new ConnectException("refused")));
        filterOnce(exchange -> Mono.error(new ConnectException("refused")));
        filterOnce(exchange -> Mono.empty());
        filterOnce(exchange -> Mono.error(new ConnectException("refused")));
        filterOnce(exchange -> Mono.error(new ConnectException("refused")));
        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(ONE, TWO);

        MockServerWebExchange third = filterOnce(exchange -> Mono.error(new ConnectException("refused")));

        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(TWO);
        assertThat(third.<String>getAttribute(OutlierEjection.UNANSWERED_ATTEMPT))
                .isEqualTo("reservation-service@10.0.0.1:8083");
    }

    @Test
    void a_cancelled_attempt_counts_only_when_the_breakers_time_limit_cut_it_off() {
        for (int i = 0; i < 3; i++) {
            MockServerWebExchange exchange = exchangeTo(ONE);
            outliers.filter(exchange, e -> Mono.never()).subscribe().dispose(); // a client that went away
        }
        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(ONE, TWO);

        for (int i = 0; i < 3; i++) {
            MockServerWebExchange exchange = exchangeTo(ONE);
            outliers.filter(exchange, e -> Mono.never()).subscribe().dispose();
            outliers.cutOffByTimeLimit(exchange);
        }

        assertThat(outliers.usable(List.of(ONE, TWO))).containsExactly(TWO);
    }

    private MockServerWebExchange filterOnce(GatewayFilterChain chain) {
        MockServerWebExchange exchange = exchangeTo(ONE);
        outliers.filter(exchange, chain).onErrorComplete().block();
        return exchange;
    }

    private static MockServerWebExchange exchangeTo(ServiceInstance instance) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/reservations"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
                new DefaultResponse(instance));
        return exchange;
    }

    @Test
    void only_a_request_left_without_an_answer_counts_as_a_failure() {
        assertThat(OutlierEjection.unanswered(new ConnectException("refused"))).isTrue();
        assertThat(OutlierEjection.unanswered(new IOException("connection reset"))).isTrue();
        assertThat(OutlierEjection.unanswered(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "no answer",
                new TimeoutException("Response took longer than timeout")))).isTrue();
        assertThat(OutlierEjection.unanswered(new IllegalStateException("a bug of ours"))).isFalse();
    }
}
