package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The log on a real PostgreSQL server. Needs a database the tests may create and drop the schemas
 * sk_jpa_test and sk_jpa_test_empty in; reported as skipped, never silently dropped, without one.
 */
@EnabledIfEnvironmentVariable(named = PostgreSqlJpaEventLogTest.URL_VARIABLE, matches = "jdbc:postgresql:.+",
        disabledReason = "set STATEKEEPER_TEST_PG_URL=jdbc:postgresql://host:5432/db?user=... to run")
class PostgreSqlJpaEventLogTest extends JpaEventLogContract {

    static final String URL_VARIABLE = "STATEKEEPER_TEST_PG_URL";

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.postgresql(System.getenv(URL_VARIABLE), schema);
    }
}
