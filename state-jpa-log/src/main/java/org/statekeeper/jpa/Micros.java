package org.statekeeper.jpa;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Event times are stored as microseconds since the epoch: exact, portable, and ordered. */
final class Micros {

    private Micros() {
    }

    static long of(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
