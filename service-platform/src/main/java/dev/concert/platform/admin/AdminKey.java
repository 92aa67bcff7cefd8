package dev.concert.platform.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.concert.platform.diagnostics.PlaceholderSecret;
import dev.concert.platform.web.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards the admin API with a shared key from configuration. Checked before the request body is read, so an
 * unauthenticated caller learns nothing from validation errors. No key configured means the admin API is closed;
 * the shipped placeholder ({@code change-me}) refuses to start, naming {@code setting}. Used by every service with an
 * admin API (concert-service's catalog, queue-service's rooms).
 */
public class AdminKey implements HandlerInterceptor {

    public static final String HEADER = "X-Admin-Key";

    private final byte[] key;

    public AdminKey(String setting, String key) {
        PlaceholderSecret.refuse(setting, key);
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = request.getHeader(HEADER);
        if (presented == null || presented.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "ADMIN_KEY_REQUIRED", "send the admin key in " + HEADER);
        }
        if (key.length == 0) {
            throw ApiProblem.forbidden("ADMIN_API_DISABLED", "no admin key is configured (ADMIN_KEY)");
        }
        // constant time: the comparison must not tell how many leading characters were right
        if (!MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiProblem.forbidden("ADMIN_KEY_INVALID", "the admin key is not valid");
        }
        return true;
    }
}
