package dev.concert.queue.web;

import java.util.List;

import dev.concert.token.QueueTokens;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class QueueWebConfiguration implements WebMvcConfigurer {

    private final QueueTokens tokens;

    QueueWebConfiguration(QueueTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(tokens));
    }
}
