package dev.concert.events;

/** Kafka topics: one per producing service. Every event of a service goes to its topic. */
public final class Topics {

    public static final String CONCERT = "concert.events";
    public static final String RESERVATION = "reservation.events";
    public static final String PAYMENT = "payment.events";
    public static final String WALLET = "wallet.events";

    /** A record a consumer group parks lands on {@code <topic>.<group>.DLT} (service-platform's ParkedEvents). */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }
}
