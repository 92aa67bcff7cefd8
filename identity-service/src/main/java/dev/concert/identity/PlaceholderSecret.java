package dev.concert.identity;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * The secrets the manifests ship (infra/k8s/base/config.yaml: {@code change-me}) are public: identity-service refuses
 * to start with one, naming the setting (the same rule as service-platform's PlaceholderSecret, which this service
 * does not depend on). Any value containing {@value #MARKER}, in any case, counts.
 */
public final class PlaceholderSecret {

    public static final String MARKER = "change-me";

    private PlaceholderSecret() {
    }

    public static boolean isPlaceholder(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(MARKER);
    }

    /** Fails start-up if {@code value} is a placeholder; the message names {@code setting}, never the value. */
    public static String refuse(String setting, String value) {
        if (isPlaceholder(value)) {
            throw new IllegalStateException(setting + " still has the shipped placeholder value (it contains '" + MARKER
                    + "', which is public): set a real secret, e.g. from 'openssl rand -base64 48', in the environment "
                    + "or the Kubernetes Secret concert-secrets");
        }
        return value;
    }

    /** The database password ({@code DB_PASSWORD}), checked before the pool opens its first connection. */
    public static final class DatabasePasswordCheck implements BeanPostProcessor {

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof HikariDataSource pool) {
                refuse("DB_PASSWORD (spring.datasource.password)", pool.getPassword());
            }
            return bean;
        }
    }
}
