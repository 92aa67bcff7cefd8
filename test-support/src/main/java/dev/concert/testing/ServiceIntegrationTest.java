package dev.concert.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one application context a service's integration tests share: the real database, Kafka and Redis of the test
 * profile (the local processes or containers: {@link TestInfrastructure}), HTTP on a random port, access tokens of the {@link TestIssuer}. Every test class (or a service's own annotation built on this one) that carries
 * exactly this reuses the same context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TestIssuer.Registration.class, TestInfrastructure.Registration.class})
public @interface ServiceIntegrationTest {
}
