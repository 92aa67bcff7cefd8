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

    private final AdminKey adminKey;

    /** Built here, so that the shipped placeholder key stops the start at once (AdminKey refuses it). */
    AdminApi(IdentitySettings settings) {
        this.adminKey = new AdminKey(settings.admin().key());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(adminKey).addPathPatterns("/admin/**");
    }
}
