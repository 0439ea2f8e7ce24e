package org.statekeeper.jpa;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.statekeeper.testing.support.TestDatabase;

/** The log contract with Hibernate on a real PostgreSQL server (schemas sk_jpa_test and sk_jpa_test_empty are dropped and created); reported as skipped without one. */
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_ENV, matches = "jdbc:postgresql:.+",
        disabledReason = "set STATEKEEPER_TEST_PG_URL=jdbc:postgresql://host:5432/db?user=... to run")
class PostgreSqlHibernateEventLogTest extends JpaEventLogContract {

    @Override
    protected TestDatabase openDatabase(String schema) {
        return TestDatabase.postgresql(System.getenv(TestDatabase.PG_ENV), schema);
    }

    @Override
    protected Provider provider() {
        return Provider.HIBERNATE;
    }
}
