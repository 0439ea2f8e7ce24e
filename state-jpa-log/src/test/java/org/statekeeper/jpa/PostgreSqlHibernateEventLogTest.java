package org.statekeeper.jpa;

import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.RequiresDatabase;

/** The log contract with Hibernate on a real PostgreSQL server (schemas sk_jpa_test and sk_jpa_test_empty are dropped and created); reported as skipped without one. */
@RequiresDatabase(variable = TestDatabase.PG_ENV, prefix = "jdbc:postgresql:", example = "jdbc:postgresql://host:5432/db?user=...")
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
