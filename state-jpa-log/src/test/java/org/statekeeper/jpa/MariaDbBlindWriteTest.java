package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/** Blind writes on a real MariaDB server (database sk_blind_test); skipped, with how to run it, without one. */
@EnabledIfEnvironmentVariable(named = TestDatabase.MARIADB_ENV, matches = "jdbc:mariadb:.+",
        disabledReason = "set STATEKEEPER_TEST_MARIADB_URL=jdbc:mariadb://host:3306/db?user=... to run")
class MariaDbBlindWriteTest extends BlindWriteContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(TestDatabase.MARIADB_ENV), schema);
    }
}
