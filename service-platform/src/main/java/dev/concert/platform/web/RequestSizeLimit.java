package dev.concert.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses bodies above a limit before anything reads them: every public body here is a few hundred bytes. */
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType("application/problem+json");
            response.getWriter().write("""
                    {"type":"https://concert.dev/problems/payload-too-large","title":"Content Too Large","status":413,\
                    "code":"PAYLOAD_TOO_LARGE","detail":"request body exceeds %d bytes"}""".formatted(maxBytes));
            return;
        }
        chain.doFilter(request, response);
    }
}
