package dev.concert.platform.web;

import java.util.List;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

@Configuration(proxyBeanMethods = false)
@Import({ProblemResponses.class, AccessTokenSecurity.class, JsonReadLimits.class})
public class WebConfiguration implements WebMvcConfigurer {

    static {
        // filled in from the access token and the gateway's X-Queue-Room, never by a client: not API parameters, so
        // the OpenAPI document must not describe them (springdoc would show them as query parameters)
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(SignedInUser.class, QueueRoom.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new SignedInUser.Resolver());
        resolvers.add(new QueueRoom.Resolver());
    }

    /**
     * A request of the wrong JSON type is a 400, not something Jackson quietly coerces: amounts are whole KRW, so
     * {@code 10.5} must not become 10 nor {@code "100"} become 100.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(@Value("${platform.web.max-body-bytes:16384}") long max) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(max));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
