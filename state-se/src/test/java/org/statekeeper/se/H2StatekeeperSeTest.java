package org.statekeeper.se;

import org.statekeeper.testing.support.TestDatabase;

/** Statekeeper in Java SE with its log on H2 in memory; always runs. */
class H2StatekeeperSeTest extends StatekeeperSeContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2().withShippedSchema();
    }
}
