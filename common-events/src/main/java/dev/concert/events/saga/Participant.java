package dev.concert.events.saga;

/** The services that take part in the reservation saga, by the name each consumes and reports under. */
public enum Participant {
    CONCERT("concert-service"),
    RESERVATION("reservation-service"),
    PAYMENT("payment-service"),
    WALLET("wallet-service"),
    QUEUE("queue-service");

    private final String serviceName;

    Participant(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
