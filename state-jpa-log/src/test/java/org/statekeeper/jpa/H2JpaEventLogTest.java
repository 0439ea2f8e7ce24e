package org.statekeeper.jpa;

/** The log on H2 2.x in memory: the embedded default (Payara's DefaultDataSource); always runs. */
class H2JpaEventLogTest extends JpaEventLogContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.h2();
    }
}
