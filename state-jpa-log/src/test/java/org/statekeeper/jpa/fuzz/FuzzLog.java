package org.statekeeper.jpa.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.List;
import org.statekeeper.StateAudit;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.EventLogAudit;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.StateEngine;
import org.statekeeper.jpa.JpaEventLog;
import org.statekeeper.jpa.LocalTransactions;
import org.statekeeper.testing.support.TestDatabase;

/**
 * The real JPA log (Hibernate on an in-memory H2 with the shipped schema, as the module tests run it)
 * under an engine on the in-memory store: what every fuzz suite of this package writes through, and its
 * tables read behind the log's back to prove that a rejected call wrote nothing.
 */
final class FuzzLog implements AutoCloseable {

    /** One codec for every engine: JSON-B instances are costly to make and thread safe. */
    private static final JsonbCodec CODEC = new JsonbCodec();

    final TestDatabase db;
    private final EntityManagerFactory emf;
    final LocalTransactions tx;
    final JpaEventLog log;

    private FuzzLog() {
        db = TestDatabase.h2().withShippedSchema();
        emf = db.startHibernate();
        tx = new LocalTransactions(emf);
        log = new JpaEventLog(tx::entityManager, tx);
    }

    /** Opens the log on a new, empty database. */
    static FuzzLog open() {
        return new FuzzLog();
    }

    /** Returns an engine on this log, a fresh in-memory store and {@code limits}, its events stamped by {@code clock}. */
    StateEngine engine(Limits limits, Clock clock) {
        return engine(limits, clock, new InMemoryStateStore(clock));
    }

    /** Returns an engine on this log and {@code store}, its events stamped by {@code clock}. */
    StateEngine engine(Limits limits, Clock clock, InMemoryStateStore store) {
        return new StateEngine(new EngineParts(store, log, CODEC, tx, limits, () -> "fuzz", "node-fuzz",
                change -> { }, clock));
    }

    /** Returns the events of {@code key} and its head as the log reads them, to compare before and after a call. */
    String snapshot(String key) {
        return db.events(key).size() + " events, head " + tx.required(() -> log.head(key));
    }

    /** Returns the audit queries of this log. */
    StateAudit audit(Clock clock) {
        return new EventLogAudit(log, tx, clock);
    }

    /** Empties the tables, so that each try sees only its own rows. */
    void reset() {
        db.deleteAllRows();
    }

    /** Asserts that the tables hold no head row and no event at all. */
    void assertNothingWritten(Object input) {
        assertEquals(List.of(), db.heads(), () -> "a head row was written for " + input);
        assertEquals(List.of(), db.eventsWithPrefix(""), () -> "an event was written for " + input);
    }

    @Override
    public void close() {
        emf.close();
        db.close();
    }
}
