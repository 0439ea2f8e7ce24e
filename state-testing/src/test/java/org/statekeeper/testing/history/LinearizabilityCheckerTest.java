package org.statekeeper.testing.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker accepts linearizable histories and names each kind of violation it exists to find. */
class LinearizabilityCheckerTest {

    private static Op write(long version, String value, long invoked, long returned) {
        return new Op("w", "k", true, version, value, invoked, returned, 0);
    }

    private static Op read(long version, String value, long invoked, long returned) {
        return new Op("r", "k", false, version, value, invoked, returned, 0);
    }

    @Test
    void aSequentialHistoryWithConcurrentReadsIsLinearizable() {
        List<Op> history = List.of(write(1, "a", 0, 10), read(1, "a", 11, 12), write(2, "b", 20, 30),
                read(1, "a", 21, 25), read(2, "b", 26, 29), write(3, null, 40, 50), read(-1, null, 45, 55),
                read(-1, null, 0, 1));
        assertEquals(List.of(), LinearizabilityChecker.violations(history));
    }

    @Test
    void aReadOfAVersionOlderThanOneWrittenBeforeItBeganIsStale() {
        List<String> v = LinearizabilityChecker.violations(List.of(write(1, "a", 0, 10), write(2, "b", 20, 30),
                read(1, "a", 31, 32)));
        assertTrue(v.size() == 1 && v.get(0).startsWith("stale read"), v.toString());
    }

    @Test
    void aStaleReadWithinItsToleranceIsAccepted() {
        Op tolerated = new Op("r", "k", false, 1, "a", 31, 32, 5);
        assertEquals(List.of(), LinearizabilityChecker.violations(List.of(write(1, "a", 0, 10), write(2, "b", 20, 30),
                tolerated)));
    }

    @Test
    void aReadAbsentAfterAValueWasWrittenIsStale() {
        List<String> v = LinearizabilityChecker.violations(List.of(write(1, "a", 0, 10), read(-1, null, 11, 12)));
        assertEquals(1, v.size(), v.toString());
    }

    @Test
    void aLaterReadThatSeesAnOlderVersionIsCaught() {
        List<String> v = LinearizabilityChecker.violations(List.of(write(1, "a", 0, 10), write(2, "b", 20, 100),
                read(2, "b", 30, 40), read(1, "a", 50, 60)));
        assertTrue(v.stream().anyMatch(s -> s.startsWith("a later read saw an older version")), v.toString());
    }

    @Test
    void readingTheFutureAWrongValueOrAnUnwrittenVersionIsCaught() {
        assertEquals(1, LinearizabilityChecker.violations(List.of(write(1, "a", 20, 30), read(1, "a", 0, 10))).size());
        assertEquals(1, LinearizabilityChecker.violations(List.of(write(1, "a", 0, 10), read(1, "x", 20, 30))).size());
        assertEquals(1, LinearizabilityChecker.violations(List.of(read(7, "a", 20, 30))).size());
    }

    @Test
    void writesWhoseVersionsContradictRealTimeOrTwiceTheSameVersionAreCaught() {
        assertEquals(1, LinearizabilityChecker.violations(List.of(write(2, "b", 0, 10), write(1, "a", 20, 30))).size());
        assertEquals(1, LinearizabilityChecker.violations(List.of(write(1, "a", 0, 10), write(1, "b", 0, 10))).size());
    }
}
