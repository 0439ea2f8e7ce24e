package org.statekeeper.jpa.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.statekeeper.testing.fuzz.Fuzz;
import org.statekeeper.testing.fuzz.Gen;

/**
 * What every fuzz suite of this package runs on: the real JPA log ({@link FuzzLog}) opened once per suite,
 * its tables emptied before every try.
 */
abstract class OnTheJpaLog {

    /** The log of the running suite. */
    static FuzzLog fuzz;

    @BeforeAll
    static void openTheLog() {
        fuzz = FuzzLog.open();
    }

    @AfterAll
    static void closeTheLog() {
        fuzz.close();
    }

    /** Checks {@code property} on 1000 samples (or more) of {@code gen}, each on empty tables. */
    static <T> void check(String name, Gen<T> gen, Fuzz.Property<T> property) {
        Fuzz.check(name, 1000, gen, sample -> {
            fuzz.reset();
            return property.check(sample);
        });
    }
}
