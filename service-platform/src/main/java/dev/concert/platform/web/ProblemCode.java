package dev.concert.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A stable machine code of a refusal and the HTTP status it is answered with, written once beside the code (services
 * implement it with an enum of their refusal reasons).
 */
public interface ProblemCode {

    String name();

    HttpStatus status();

    /** Seconds a client should wait before trying again, or 0 when retrying soon would not help. */
    default int retryAfterSeconds() {
        return 0;
    }
}
