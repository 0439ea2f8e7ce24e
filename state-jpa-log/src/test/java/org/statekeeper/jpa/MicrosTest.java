package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Found by DurationsFuzzTest: an audit query from a far instant ({@code Instant.MIN}) threw a bare
 * ArithmeticException, and one from an instant between two microseconds returned the event of the earlier one.
 */
class MicrosTest {

    @Test
    void instantsBeyondWhatALongOfMicrosecondsHoldsSaturateInsteadOfOverflowing() {
        assertEquals(Long.MIN_VALUE, Micros.of(Instant.MIN));
        assertEquals(Long.MAX_VALUE, Micros.of(Instant.MAX));
        assertEquals(-1, Micros.of(Instant.EPOCH.minusNanos(1000)));
        assertEquals(1_709_251_199_123_456L, Micros.of(Instant.parse("2024-02-29T23:59:59.123456789Z")));
    }

    @Test
    void aQueryBoundBetweenTwoMicrosecondsRoundsUpSoThatNoEarlierEventMatches() {
        Instant between = Instant.parse("2024-05-01T10:15:30.123456001Z");
        assertEquals(Micros.of(between) + 1, Micros.ceil(between));
        assertEquals(Micros.of(between.minusNanos(1)), Micros.ceil(between.minusNanos(1)), "a whole microsecond stays");
        assertEquals(Long.MAX_VALUE, Micros.ceil(Instant.MAX));
    }
}
