package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Audit queries and retention on a real MariaDB server, in the database sk_audit_test (dropped and
 * recreated); reported as skipped, never silently dropped, without one.
 */
@EnabledIfEnvironmentVariable(named = MariaDbJpaEventLogTest.URL_VARIABLE, matches = "jdbc:mariadb:.+",
        disabledReason = "set STATEKEEPER_TEST_MARIADB_URL=jdbc:mariadb://host:3306/db?user=... to run")
class MariaDbAuditRetentionTest extends AuditRetentionContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.mariadb(System.getenv(MariaDbJpaEventLogTest.URL_VARIABLE), schema);
    }
}
