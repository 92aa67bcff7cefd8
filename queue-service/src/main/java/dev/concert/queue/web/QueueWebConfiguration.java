package dev.concert.queue.web;

import java.util.List;

import dev.concert.platform.admin.AdminKey;
import dev.concert.token.QueueTokens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class QueueWebConfiguration implements WebMvcConfigurer {

    private final QueueTokens tokens;
    private final AdminKey adminKey;

    /** The admin key is checked here, at start-up: the shipped placeholder stops the start (AdminKey refuses it). */
    QueueWebConfiguration(QueueTokens tokens, @Value("${queue.admin.key:}") String adminKey) {
        this.tokens = tokens;
        this.adminKey = new AdminKey("ADMIN_KEY (queue.admin.key)", adminKey);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(adminKey).addPathPatterns("/admin/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(tokens));
    }
}
