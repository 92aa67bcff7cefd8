package dev.concert.identity.keys;

import dev.concert.identity.IdentitySettings;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The security chains let {@code /admin/**} through (no session, no CSRF token: it is an API for operators' scripts);
 * the admin key checks it here instead.
 */
@Configuration(proxyBeanMethods = false)
class AdminApi implements WebMvcConfigurer {

    private final String adminKey;

    AdminApi(IdentitySettings settings) {
        this.adminKey = settings.admin().key();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminKey(adminKey)).addPathPatterns("/admin/**");
    }
}
