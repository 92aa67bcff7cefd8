package dev.concert.identity.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.concert.identity.web.ClientAddress;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/** Counts a failed sign-in (a wrong email or password; not e.g. a database outage), then shows the form again. */
public class CountingFailureHandler implements AuthenticationFailureHandler {

    private final SignInAttempts attempts;
    private final AuthenticationFailureHandler form = new SimpleUrlAuthenticationFailureHandler("/login?error");

    public CountingFailureHandler(SignInAttempts attempts) {
        this.attempts = attempts;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, ServletException {
        if (exception instanceof BadCredentialsException) {
            attempts.failed(request.getParameter("username"), ClientAddress.of(request));
        }
        form.onAuthenticationFailure(request, response, exception);
    }
}
