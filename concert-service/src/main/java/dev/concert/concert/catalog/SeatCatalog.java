package dev.concert.concert.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The numbered seats of one schedule, each with a grade and a price (KRW). */
public record SeatCatalog(List<Seat> seats) {

    public static final int STANDARD_SIZE = 50;
    public static final int MAX_SEATS = 500;
    public static final long MAX_PRICE = 10_000_000;

    public record Seat(int seatNumber, String grade, long price) {
    }

    public SeatCatalog {
        if (seats == null || seats.isEmpty() || seats.size() > MAX_SEATS) {
            throw new IllegalArgumentException("a schedule has between 1 and " + MAX_SEATS + " seats");
        }
        Set<Integer> numbers = new HashSet<>();
        for (Seat seat : seats) {
            if (seat == null) {
                throw new IllegalArgumentException("a seat is missing");
            }
            if (seat.seatNumber() < 1 || !numbers.add(seat.seatNumber())) {
                throw new IllegalArgumentException("seat numbers must be positive and unique: " + seat.seatNumber());
            }
            if (seat.grade() == null || seat.grade().isBlank() || seat.grade().length() > 20) {
                throw new IllegalArgumentException("seat " + seat.seatNumber() + " needs a grade of 1 to 20 characters");
            }
            if (seat.price() < 1 || seat.price() > MAX_PRICE) {
                throw new IllegalArgumentException("seat " + seat.seatNumber() + " needs a price between 1 and "
                        + MAX_PRICE + " KRW");
            }
        }
        seats = List.copyOf(seats);
    }

    /** The default hall: 50 seats, 1-10 VIP, 11-30 R, 31-50 S. */
    public static SeatCatalog standard() {
        List<Seat> seats = new ArrayList<>(STANDARD_SIZE);
        for (int n = 1; n <= STANDARD_SIZE; n++) {
            if (n <= 10) {
                seats.add(new Seat(n, "VIP", 150_000));
            } else if (n <= 30) {
                seats.add(new Seat(n, "R", 110_000));
            } else {
                seats.add(new Seat(n, "S", 80_000));
            }
        }
        return new SeatCatalog(seats);
    }
}
