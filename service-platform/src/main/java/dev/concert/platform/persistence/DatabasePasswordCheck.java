package dev.concert.platform.persistence;

import com.zaxxer.hikari.HikariDataSource;

import dev.concert.platform.diagnostics.PlaceholderSecret;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Refuses the shipped placeholder as the database password ({@code DB_PASSWORD}, {@code spring.datasource.password})
 * before the pool opens its first connection (Flyway and JPA need the initialised data source first).
 */
public class DatabasePasswordCheck implements BeanPostProcessor {

    static final String SETTING = "DB_PASSWORD (spring.datasource.password)";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            PlaceholderSecret.refuse(SETTING, pool.getPassword());
        }
        return bean;
    }
}
