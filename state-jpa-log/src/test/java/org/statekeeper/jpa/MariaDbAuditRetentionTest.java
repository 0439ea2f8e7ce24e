package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/**
 * Audit queries and retention on a real MariaDB server, in the database sk_audit_test (dropped and
 * recreated); reported as skipped, never silently dropped, without one.
 */
@RequiresDatabase(variable = TestDatabase.MARIADB_ENV, prefix = "jdbc:mariadb:", example = "jdbc:mariadb://host:3306/db?user=...")
class MariaDbAuditRetentionTest extends AuditRetentionContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(TestDatabase.MARIADB_ENV), schema);
    }
}
