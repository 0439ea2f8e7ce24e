package org.statekeeper.se;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/**
 * Statekeeper in Java SE with its log on a real PostgreSQL server, in the schema sk_se_test (dropped
 * and created by the test); reported as skipped, never silently dropped, without a server.
 */
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://host:5432/db?user=...")
class PostgreSqlStatekeeperSeTest extends StatekeeperSeContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), "sk_se_test").withShippedSchema();
    }
}
