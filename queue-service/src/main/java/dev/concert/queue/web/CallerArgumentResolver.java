package dev.concert.queue.web;

import java.util.UUID;

import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.SignedInUser;
import dev.concert.queue.Caller;
import dev.concert.token.InvalidQueueTokenException;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The caller of status, stream and leave: the signed-in user (verified access token) and the queue token they
 * present in the {@code Queue-Token} header, verified here with queue-service's own keys whether or not the request
 * came through the gateway. A queue token is only honoured for the user it was issued to: someone else's token,
 * even a genuine one, is a 403.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

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
        UUID user = SignedInUser.current().id();
        String token = request.getHeader(QueueTokens.HEADER);
        if (token == null || token.isBlank()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_MISSING",
                    "send your queue token in the '" + QueueTokens.HEADER + "' header");
        }
        QueueTokenClaims claims;
        try {
            claims = tokens.verify(token.trim());
        } catch (InvalidQueueTokenException e) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_INVALID", e.getMessage());
        }
        if (!claims.userId().equals(user)) {
            throw ApiProblem.forbidden("QUEUE_TOKEN_NOT_YOURS", "the queue token belongs to another user");
        }
        return new Caller(user, claims.tokenId(), claims.room());
    }
}
