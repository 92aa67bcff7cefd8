package dev.concert.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.concert.platform.messaging.MessagingConfiguration;
import dev.concert.platform.persistence.DatabasePasswordCheck;
import dev.concert.platform.web.WebConfiguration;

import org.springframework.context.annotation.Import;

/**
 * Put on a service's application class: outbox, inbox, dead letters and problem+json errors; no start with the
 * shipped placeholder database password.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({MessagingConfiguration.class, WebConfiguration.class, DatabasePasswordCheck.class})
public @interface ServicePlatform {
}
