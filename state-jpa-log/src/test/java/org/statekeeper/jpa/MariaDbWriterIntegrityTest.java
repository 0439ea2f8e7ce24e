package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/** Writer integrity (mixed workload, long waits, head repair) on a real MariaDB server (database sk_writer_test); skipped, with how to run it, without one. */
@RequiresDatabase(variable = TestDatabase.MARIADB_ENV, prefix = "jdbc:mariadb:", example = "jdbc:mariadb://host:3306/db?user=...")
class MariaDbWriterIntegrityTest extends WriterIntegrityContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(TestDatabase.MARIADB_ENV), schema);
    }
}
