package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.junit.jupiter.api.Test;
import org.statekeeper.testing.support.TestDatabase;

/**
 * The log's conditional head move runs, with EclipseLink, on a parsed statement of its own: EclipseLink
 * shares one per JPQL text between every thread and writes each run's row count into it, so a shared one
 * can hand a thread another thread's count (a move reported done that matched nothing: a duplicate
 * version; or the reverse: a gap). The race is a few instructions wide, too narrow to catch by running
 * it; what is checked is that the statements are not shared.
 */
class BulkStatementsTest {

    @Test
    void eachConditionalHeadMoveRunsOnAStatementNoOtherThreadShares() {
        try (TestDatabase database = TestDatabase.h2().withShippedSchema()) {
            EntityManagerFactory factory = database.startEclipseLink();
            EntityManager one = factory.createEntityManager();
            EntityManager other = factory.createEntityManager();
            try {
                Query first = one.createQuery(JpaEventLog.MOVE_HEAD_IF_AT);
                Query second = other.createQuery(JpaEventLog.MOVE_HEAD_IF_AT);
                assertSame(first.unwrap(DatabaseQuery.class), second.unwrap(DatabaseQuery.class),
                        "EclipseLink shares the parsed statement (if it no longer does, this guard can go)");

                assertNotSame(BulkStatements.own(first).unwrap(DatabaseQuery.class),
                        BulkStatements.own(second).unwrap(DatabaseQuery.class));
            } finally {
                one.close();
                other.close();
                factory.close();
            }
        }
    }
}
