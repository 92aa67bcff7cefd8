package dev.concert.queue.web;

import java.util.UUID;

import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.CallerIdentity;
import dev.concert.queue.Caller;
import dev.concert.token.InvalidQueueTokenException;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The caller of status, stream and leave. Behind the gateway: the identity headers it set from the token it
 * verified. Called directly (tests, tools, another deployment without the gateway): the bearer token itself,
 * verified here with the same keys. Headers win when both are present; neither is a 401.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private static final String BEARER = "Bearer ";

    private final QueueTokens tokens;

    CallerArgumentResolver(QueueTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        String user = request.getHeader(CallerIdentity.USER_HEADER);
        String token = request.getHeader(CallerIdentity.TOKEN_HEADER);
        if (user != null && token != null) {
            return new Caller(uuid(user, CallerIdentity.USER_HEADER), uuid(token, CallerIdentity.TOKEN_HEADER));
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "TOKEN_MISSING",
                    "send the queue token as 'Authorization: Bearer <token>'");
        }
        try {
            QueueTokenClaims claims = tokens.verify(authorization.substring(BEARER.length()).trim());
            return new Caller(claims.userId(), claims.tokenId());
        } catch (InvalidQueueTokenException e) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "TOKEN_INVALID", e.getMessage());
        }
    }

    private static UUID uuid(String value, String header) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("MALFORMED_IDENTITY", header + " is not a UUID");
        }
    }
}
