package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/**
 * Audit queries and retention on a real MariaDB server, in the database sk_audit_test (dropped and
 * recreated); reported as skipped, never silently dropped, without one.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.MARIADB_ENV, matches = "jdbc:mariadb:.+",
        disabledReason = "set STATEKEEPER_TEST_MARIADB_URL=jdbc:mariadb://host:3306/db?user=... to run")
class MariaDbAuditRetentionTest extends AuditRetentionContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(TestDatabase.MARIADB_ENV), schema);
    }
}
