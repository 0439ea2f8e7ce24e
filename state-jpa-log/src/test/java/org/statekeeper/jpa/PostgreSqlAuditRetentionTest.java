package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/**
 * Audit queries and retention on a real PostgreSQL server, in the schema sk_audit_test (dropped and
 * recreated); reported as skipped, never silently dropped, without one.
 */
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://host:5432/db?user=...")
class PostgreSqlAuditRetentionTest extends AuditRetentionContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), schema);
    }
}
