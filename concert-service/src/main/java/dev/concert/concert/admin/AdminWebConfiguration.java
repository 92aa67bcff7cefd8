package dev.concert.concert.admin;

import dev.concert.platform.admin.AdminKey;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration implements WebMvcConfigurer {

    private final AdminKey adminKey;

    /** Built here, so that the shipped placeholder key stops the start at once (AdminKey refuses it). */
    AdminWebConfiguration(@Value("${concert.admin.key:}") String key) {
        this.adminKey = new AdminKey("ADMIN_KEY (concert.admin.key)", key);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(adminKey).addPathPatterns("/admin/**");
    }
}
