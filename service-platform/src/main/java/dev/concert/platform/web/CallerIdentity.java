package dev.concert.platform.web;

/** Headers the gateway sets from the verified queue token; services trust only these for the caller. */
public final class CallerIdentity {

    public static final String USER_HEADER = "X-User-Id";
    public static final String TOKEN_HEADER = "X-Queue-Token-Id";

    private CallerIdentity() {
    }
}
