package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;

/** Writer integrity (mixed workload, long waits, head repair) on H2 2.x in memory (the embedded default); always runs. */
class H2WriterIntegrityTest extends WriterIntegrityContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.h2();
    }

    @Override
    protected boolean sharedByNodes() {
        return false;
    }
}
