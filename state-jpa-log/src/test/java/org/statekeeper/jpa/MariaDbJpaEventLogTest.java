package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The log on a real MariaDB server. Needs a user that may drop and create the databases
 * sk_jpa_test and sk_jpa_test_empty; reported as skipped, never silently dropped, without one.
 */
@EnabledIfEnvironmentVariable(named = MariaDbJpaEventLogTest.URL_VARIABLE, matches = "jdbc:mariadb:.+",
        disabledReason = "set STATEKEEPER_TEST_MARIADB_URL=jdbc:mariadb://host:3306/db?user=... to run")
class MariaDbJpaEventLogTest extends JpaEventLogContract {

    static final String URL_VARIABLE = "STATEKEEPER_TEST_MARIADB_URL";

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(URL_VARIABLE), schema);
    }
}
