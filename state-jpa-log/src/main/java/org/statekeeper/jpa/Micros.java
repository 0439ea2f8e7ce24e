package org.statekeeper.jpa;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Event times are stored as microseconds since the epoch: exact, portable, and ordered. */
final class Micros {

    private Micros() {
    }

    /**
     * Microseconds since the epoch; an instant beyond the ±292,000 years a long holds (an audit query from
     * {@code Instant.MIN}) saturates rather than overflows, which orders it before or after every stored time.
     */
    static long of(Instant time) {
        try {
            return ChronoUnit.MICROS.between(Instant.EPOCH, time);
        } catch (ArithmeticException e) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Like {@link #of} but rounded up: {@code time >= ceil(from)} holds exactly when {@code time >= from}. */
    static long ceil(Instant time) {
        long micros = of(time);
        return micros != Long.MAX_VALUE && toInstant(micros).isBefore(time) ? micros + 1 : micros;
    }

    static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
