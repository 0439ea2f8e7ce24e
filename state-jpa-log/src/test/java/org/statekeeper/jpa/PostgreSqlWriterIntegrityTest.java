package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/** Writer integrity (mixed workload, long waits, head repair) on a real PostgreSQL server (schema sk_writer_test); skipped, with how to run it, without one. */
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://host:5432/db?user=...")
class PostgreSqlWriterIntegrityTest extends WriterIntegrityContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), schema);
    }
}
