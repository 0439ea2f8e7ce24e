package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;

/** The log contract with EclipseLink on H2 2.x in memory: the embedded default (Payara's DefaultDataSource); always runs. */
class H2EclipseLinkEventLogTest extends JpaEventLogContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.h2();
    }

    @Override
    protected Provider provider() {
        return Provider.ECLIPSELINK;
    }
}
