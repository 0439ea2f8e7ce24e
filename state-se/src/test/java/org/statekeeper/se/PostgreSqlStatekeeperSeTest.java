package org.statekeeper.se;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/**
 * Statekeeper in Java SE with its log on a real PostgreSQL server, in the schema sk_se_test (dropped
 * and created by the test); reported as skipped, never silently dropped, without a server.
 */
@EnabledIfEnvironmentVariable(named = "STATEKEEPER_TEST_PG_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "set STATEKEEPER_TEST_PG_URL=jdbc:postgresql://host:5432/db?user=... to run")
class PostgreSqlStatekeeperSeTest extends StatekeeperSeContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), "sk_se_test").withShippedSchema();
    }
}
