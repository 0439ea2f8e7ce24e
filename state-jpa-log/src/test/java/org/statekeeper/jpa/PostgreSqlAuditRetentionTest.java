package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/**
 * Audit queries and retention on a real PostgreSQL server, in the schema sk_audit_test (dropped and
 * recreated); reported as skipped, never silently dropped, without one.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_ENV, matches = "jdbc:postgresql:.+",
        disabledReason = "set STATEKEEPER_TEST_PG_URL=jdbc:postgresql://host:5432/db?user=... to run")
class PostgreSqlAuditRetentionTest extends AuditRetentionContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), schema);
    }
}
