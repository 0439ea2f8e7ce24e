package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/** Writer integrity (mixed workload, long waits, head repair) on a real PostgreSQL server (schema sk_writer_test); skipped, with how to run it, without one. */
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_ENV, matches = "jdbc:postgresql:.+",
        disabledReason = "set STATEKEEPER_TEST_PG_URL=jdbc:postgresql://host:5432/db?user=... to run")
class PostgreSqlWriterIntegrityTest extends WriterIntegrityContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), schema);
    }
}
