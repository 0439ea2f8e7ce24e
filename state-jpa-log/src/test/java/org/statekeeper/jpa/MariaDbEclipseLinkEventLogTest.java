package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/** The log contract with EclipseLink on a real MariaDB server (databases sk_jpa_test and sk_jpa_test_empty are dropped and created); reported as skipped without one. */
@EnabledIfEnvironmentVariable(named = TestDatabase.MARIADB_ENV, matches = "jdbc:mariadb:.+",
        disabledReason = "set STATEKEEPER_TEST_MARIADB_URL=jdbc:mariadb://host:3306/db?user=... to run")
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
