package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/** Blind writes on a real MariaDB server (database sk_blind_test); skipped, with how to run it, without one. */
@RequiresDatabase(variable = TestDatabase.MARIADB_ENV, prefix = "jdbc:mariadb:", example = "jdbc:mariadb://host:3306/db?user=...")
class MariaDbBlindWriteTest extends BlindWriteContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(TestDatabase.MARIADB_ENV), schema);
    }
}
