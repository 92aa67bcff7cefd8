package dev.concert.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import reactor.core.publisher.Flux;

class FailOpenInstancesTest {

    static final ServiceInstance A = new DefaultServiceInstance("a", "wallet-service", "10.0.0.1", 8084, false);
    static final ServiceInstance B = new DefaultServiceInstance("b", "wallet-service", "10.0.0.2", 8084, false);
    static final OutlierEjection NONE_EJECTED = new OutlierEjection(3, Duration.ofSeconds(10));

    @Test
    void the_instances_that_passed_their_probe_are_the_ones_used() {
        FailOpenInstances instances = new FailOpenInstances(fixed(List.of(B)), fixed(List.of(A, B)), NONE_EJECTED);

        assertThat(instances.get().blockFirst()).containsExactly(B);
    }

    @Test
    void when_no_instance_passed_its_probe_every_configured_instance_is_used() {
        FailOpenInstances instances = new FailOpenInstances(fixed(List.of()), fixed(List.of(A, B)), NONE_EJECTED);

        assertThat(instances.get().blockFirst()).containsExactly(A, B);
    }

    @Test
    void an_instance_ejected_for_unanswered_requests_is_left_out_of_the_probed_ones() {
        OutlierEjection outliers = new OutlierEjection(1, Duration.ofSeconds(10));
        outliers.failed(A);
        FailOpenInstances instances = new FailOpenInstances(fixed(List.of(A, B)), fixed(List.of(A, B)), outliers);

        assertThat(instances.get().blockFirst()).containsExactly(B);
    }

    @Test
    void a_retry_picks_among_the_instances_other_than_the_one_its_previous_attempt_got_no_answer_from() {
        OutlierEjection outliers = new OutlierEjection(3, Duration.ofSeconds(10));
        outliers.failed(A); // one unanswered attempt: not ejected, but this request's retry avoids it
        FailOpenInstances instances = new FailOpenInstances(fixed(List.of(A, B)), fixed(List.of(A, B)), outliers);
        Map<String, Object> attributes = Map.of(OutlierEjection.UNANSWERED_ATTEMPT, "wallet-service@10.0.0.1:8084");
        Request<RequestDataContext> retry = new DefaultRequest<>(new RequestDataContext(new RequestData(
                HttpMethod.GET, URI.create("http://wallet-service/x"), new HttpHeaders(), new LinkedMultiValueMap<>(),
                attributes)));

        assertThat(instances.get(retry).blockFirst()).containsExactly(B);
        assertThat(instances.get().blockFirst()).containsExactly(A, B);
    }

    @Test
    void each_round_of_probes_is_followed() {
        ServiceInstanceListSupplier rounds = supplier(Flux.just(List.of(A), List.of(), List.of(B)));
        FailOpenInstances instances = new FailOpenInstances(rounds, fixed(List.of(A, B)), NONE_EJECTED);

        assertThat(instances.get().collectList().block()).containsExactly(List.of(A), List.of(A, B), List.of(B));
    }

    private static ServiceInstanceListSupplier fixed(List<ServiceInstance> list) {
        return supplier(Flux.just(list));
    }

    private static ServiceInstanceListSupplier supplier(Flux<List<ServiceInstance>> lists) {
        return new ServiceInstanceListSupplier() {
            @Override
            public String getServiceId() {
                return "wallet-service";
            }

            @Override
            public Flux<List<ServiceInstance>> get() {
                return lists;
            }
        };
    }
}
