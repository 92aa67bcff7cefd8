package dev.concert.concert.catalog;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * The public listing ({@code /api/v1/concerts/**}) is what every fan reloads while waiting for a sale to open. A
 * browser may keep an answer for a few seconds ({@link #LISTING}) and then revalidate it with the ETag: an unchanged
 * listing costs a 304 without a body instead of the JSON again. The query still runs (the ETag is a hash of the
 * answer), but the bytes do not travel.
 */
@Configuration(proxyBeanMethods = false)
class CatalogCaching {

    /**
     * Private: every {@code /api/**} answer is for a signed-in caller, so no shared cache may keep it. Ten seconds:
     * the seats left on a date move during a sale, and a listing that old is still an honest picture of it.
     */
    static final String LISTING = "private, max-age=10";

    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> listingEtags() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration =
                new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
        // the listing only: the admin API and whatever else is served here are not revalidated
        registration.addUrlPatterns("/api/v1/concerts", "/api/v1/concerts/*");
        registration.setName("listingEtags");
        return registration;
    }
}
