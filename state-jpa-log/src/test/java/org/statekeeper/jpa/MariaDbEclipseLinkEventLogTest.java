package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/** The log contract with EclipseLink on a real MariaDB server (databases sk_jpa_test and sk_jpa_test_empty are dropped and created); reported as skipped without one. */
@RequiresDatabase(variable = TestDatabase.MARIADB_ENV, prefix = "jdbc:mariadb:", example = "jdbc:mariadb://host:3306/db?user=...")
class MariaDbEclipseLinkEventLogTest extends JpaEventLogContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(TestDatabase.MARIADB_ENV), schema);
    }

    @Override
    protected Provider provider() {
        return Provider.ECLIPSELINK;
    }
}
