package dev.concert.token;

/** The token is missing, forged, signed with an unknown or retired key, or expired. */
public class InvalidQueueTokenException extends RuntimeException {

    public InvalidQueueTokenException(String message) {
        super(message);
    }
}
