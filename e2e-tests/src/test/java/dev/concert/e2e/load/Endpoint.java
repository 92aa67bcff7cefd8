package dev.concert.e2e.load;

/** The gateway endpoints a fan calls, named by their route template so latencies group per endpoint, not per id. */
enum Endpoint {
    ISSUE_TOKEN("POST /queue/tokens"),
    QUEUE_STATUS("GET /queue/status"),
    LEAVE_QUEUE("DELETE /queue/tokens/me"),
    CONCERTS("GET /concerts"),
    SCHEDULES("GET /concerts/{id}/schedules"),
    SEATS("GET /schedules/{id}/seats"),
    HOLD("POST /reservations"),
    MY_RESERVATIONS("GET /reservations"),
    CHARGE("POST /users/me/wallet/charges"),
    PAY("POST /payments"),
    PAYMENT("GET /payments/{id}"),
    NO_TOKEN_PROBE("GET /concerts (no access token)");

    final String label;

    Endpoint(String label) {
        this.label = label;
    }
}
