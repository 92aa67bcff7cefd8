package dev.concert.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class HealthyInstancesTest {

    @Test
    void the_probe_goes_to_the_instances_port_plus_the_offset_with_its_path_unchanged() {
        assertThat(HealthyInstances.onManagementPort(URI.create("http://10.0.0.5:8083/actuator/health/readiness"),
                1000))
                .isEqualTo(URI.create("http://10.0.0.5:9083/actuator/health/readiness"));
        assertThat(HealthyInstances.onManagementPort(URI.create("http://127.0.0.1:18181/actuator/health?x=%20y"), 1000))
                .isEqualTo(URI.create("http://127.0.0.1:19181/actuator/health?x=%20y"));
        assertThat(HealthyInstances.onManagementPort(URI.create("https://queue.internal/actuator/health"), 1000))
                .isEqualTo(URI.create("https://queue.internal:1443/actuator/health"));
        assertThat(HealthyInstances.onManagementPort(URI.create("http://q:8081/actuator/health"), 0))
                .isEqualTo(URI.create("http://q:8081/actuator/health"));
    }
}
