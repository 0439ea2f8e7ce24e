package org.statekeeper.jpa.fuzz;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import org.statekeeper.testing.fuzz.FuzzTries;

/**
 * What every fuzz suite of this package runs on: the real JPA log ({@link FuzzLog}) opened once per suite,
 * its tables emptied before every try, and the tries raised by {@code -Dstatekeeper.fuzz.tries}.
 */
@AddLifecycleHook(FuzzTries.class)
abstract class OnTheJpaLog {

    /** The log of the running suite. */
    static FuzzLog fuzz;

    @BeforeContainer
    static void openTheLog() {
        fuzz = FuzzLog.open();
    }

    @AfterContainer
    static void closeTheLog() {
        fuzz.close();
    }

    @BeforeTry
    void emptyTables() {
        fuzz.reset();
    }
}
