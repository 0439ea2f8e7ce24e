package org.statekeeper.se;

/** Statekeeper in Java SE with its log on H2 in memory; always runs. */
class H2StatekeeperSeTest extends StatekeeperSeContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
