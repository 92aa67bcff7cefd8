package dev.concert.payment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.concert.testing.ServiceIntegrationTest;
import dev.concert.testing.TestIssuer;

import org.springframework.test.context.ContextConfiguration;

/**
 * The one application context every integration test of this service shares: real MariaDB, real Kafka, a random
 * HTTP port, and reservation-service's internal API played by a local HTTP stub. One context also means one live
 * consumer in the test group, which the stop/restart test relies on.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ServiceIntegrationTest
// both initializers here: Spring uses only the nearest @ContextConfiguration, so ServiceIntegrationTest's own
// (TestIssuer.Registration, which makes the context trust the test issuer's tokens) would be hidden by this one
@ContextConfiguration(initializers = {TestIssuer.Registration.class, ReservationServiceStub.Initializer.class})
public @interface PaymentServiceTest {
}
