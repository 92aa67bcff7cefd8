package dev.concert.identity.signin;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.concert.identity.web.ApiProblem;
import dev.concert.identity.web.ClientAddress;
import dev.concert.identity.web.ProblemResponses;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sits in front of the login form's POST: a locked account or address is answered 429 before the password is looked
 * at, so a locked account cannot be probed with more guesses.
 */
public class SignInThrottle extends OncePerRequestFilter {

    private final SignInAttempts attempts;
    private final RequestMatcher loginRequest;

    public SignInThrottle(SignInAttempts attempts, RequestMatcher loginRequest) {
        this.attempts = attempts;
        this.loginRequest = loginRequest;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !loginRequest.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> locked = attempts.locked(request.getParameter("username"), ClientAddress.of(request));
        if (locked.isPresent()) {
            ProblemResponses.write(response, ApiProblem.tooManyRequests("TOO_MANY_SIGN_IN_ATTEMPTS",
                    "too many failed sign-ins for this account or from this address; retry later", locked.get()));
            return;
        }
        chain.doFilter(request, response);
    }
}
