package dev.concert.events;

/** Kafka topics: one per producing service. Every event of a service goes to its topic. */
public final class Topics {

    public static final String CONCERT = "concert.events";
    public static final String RESERVATION = "reservation.events";
    public static final String PAYMENT = "payment.events";
    public static final String WALLET = "wallet.events";

    /** Records that failed their bounded retries land on {@code <topic>.DLT}. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }
}
