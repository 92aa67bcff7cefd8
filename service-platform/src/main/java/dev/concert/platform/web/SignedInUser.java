package dev.concert.platform.web;

import java.util.UUID;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The account a request acts for: the one its verified access token names (AccessTokenSecurity), never an id from a
 * path, a body or a header. A controller parameter of this type receives it.
 */
public record SignedInUser(UUID id) {

    /** The current request's account; 401 ACCESS_TOKEN_MISSING outside an authenticated request. */
    public static SignedInUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            // only reachable by a route outside /api/**, which no public API is
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "ACCESS_TOKEN_MISSING", "sign in first");
        }
        return new SignedInUser(UUID.fromString(token.getName()));
    }

    static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == SignedInUser.class;
        }

        @Override
        public SignedInUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                            NativeWebRequest request, WebDataBinderFactory binderFactory) {
            return current();
        }
    }
}
