package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;

/** Blind writes on H2 2.x in memory (the embedded default); always runs. */
class H2BlindWriteTest extends BlindWriteContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.h2();
    }
}
