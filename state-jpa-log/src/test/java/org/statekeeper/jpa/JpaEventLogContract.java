package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.persistence.EntityManagerFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.statekeeper.testing.log.EventLogContract;
import org.statekeeper.testing.log.LogTables.HeadRow;
import org.statekeeper.testing.support.TestDatabase;

/**
 * The log contract on the JPA log, on the shipped DDL of each supported database, with each JPA
 * provider (Hibernate, which WildFly runs, and EclipseLink, which Payara runs); plus what only a
 * database can show. Subclasses say which database and which provider.
 */
public abstract class JpaEventLogContract extends EventLogContract {

    /** The JPA providers the log supports. */
    protected enum Provider {
        /** Hibernate ORM: WildFly's, and Java SE's most common. */
        HIBERNATE,
        /** EclipseLink: Payara's. */
        ECLIPSELINK
    }

    private TestDatabase db;
    private EntityManagerFactory emf;

    /** Returns a fresh, empty database (PostgreSQL: the given schema, MariaDB: the given database, dropped and recreated). */
    protected abstract TestDatabase openDatabase(String schema);

    /** Returns the JPA provider the log runs on. */
    protected abstract Provider provider();

    @Override
    protected LogUnderTest openLog() {
        db = openDatabase(TestDatabase.PG_SCHEMA).withShippedSchema();
        emf = provider() == Provider.HIBERNATE ? db.startHibernate() : db.startEclipseLink();
        LocalTransactions tx = new LocalTransactions(emf);
        return new LogUnderTest(new JpaEventLog(tx::entityManager, tx), tx, db, () -> {
            emf.close();
            db.close();
        });
    }

    @Test
    void hibernateValidationRejectsADatabaseWithoutTheShippedSchema() {
        // Without this, a validate setting that silently did nothing would make the whole suite
        // "prove" that the shipped DDL matches the entities when nothing was checked. EclipseLink
        // validates nothing: Hibernate's check stands for both, the mappings being the same.
        assumeTrue(provider() == Provider.HIBERNATE, "only Hibernate validates a schema against the entities");
        try (TestDatabase empty = openDatabase(TestDatabase.PG_SCHEMA + "_empty")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> empty.startHibernate().close());
            assertTrue(messages(e).contains("sk_"), () -> "expected a schema validation failure, got " + messages(e));
        }
    }

    @Test
    void theDatabaseItselfRefusesASecondEventWithTheSameKeyAndVersion() throws SQLException {
        engine().set("dup", "first");
        // A fresh (key, version) pair goes in, so the failure below can only be the uniqueness rule.
        db.insertRawEvent("dup", 2);
        SQLException duplicate = assertThrows(SQLException.class, () -> db.insertRawEvent("dup", 1));
        assertTrue(db.isDuplicateKey(duplicate), () -> duplicate.getSQLState() + " " + duplicate.getMessage());
        HeadRow head = db.head("dup").orElseThrow();
        assertEquals(List.of(1L, "\"first\""), List.of(head.version(), head.json()));
    }

    private static String messages(Throwable e) {
        List<String> all = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return all.stream().collect(Collectors.joining(" <- "));
    }
}
