package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.statekeeper.StateAudit;
import org.statekeeper.StateEvent;
import org.statekeeper.StateException;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.EventLogAudit;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.RetentionJob;
import org.statekeeper.core.RetentionReport;
import org.statekeeper.core.StateEngine;
import org.statekeeper.testing.log.LogTables.EventRow;
import org.statekeeper.spi.StateStore;
import org.statekeeper.testing.support.TestDatabase;

/**
 * The audit queries and retention on every supported database, through the real engine, Hibernate
 * and the shipped DDL. Subclasses only say which database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AuditRetentionContract {

    /** A clock that stands still until moved, so each event gets the time a test chooses (the fuzz suites' too). */
    public static final class MutableClock extends Clock {
        /** The time it tells. */
        public volatile Instant now;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00.654321Z");
    static final Duration RETENTION = Duration.ofDays(30);
    static final Duration OLD = Duration.ofDays(40);
    static final Duration RECENT = Duration.ofDays(1);

    private TestDatabase db;
    private EntityManagerFactory emf;
    private LocalTransactions tx;
    private JpaEventLog log;
    private StateAudit audit;
    private final MutableClock clock = new MutableClock();
    private final AtomicReference<String> principal = new AtomicReference<>();
    private final AtomicReference<Runnable> beforeForget = new AtomicReference<>(() -> { });
    private InMemoryStateStore memory;
    private StateStore store;
    private StateEngine engine;

    /** Returns a fresh, empty database (PostgreSQL: the given schema, MariaDB: the given database, dropped and recreated). */
    protected abstract TestDatabase openDatabase(String schema);

    @BeforeAll
    void startHibernateOnTheShippedSchema() {
        db = openDatabase("sk_audit_test").withShippedSchema();
        emf = db.startHibernate();
        tx = new LocalTransactions(emf);
        log = new JpaEventLog(tx::entityManager, tx);
        audit = new EventLogAudit(log, tx, clock);
    }

    @AfterAll
    void stop() {
        if (emf != null) {
            emf.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void freshEngineAndEmptyTables() {
        db.deleteAllRows();
        clock.now = NOW;
        principal.set("alice");
        beforeForget.set(() -> { });
        memory = new InMemoryStateStore();
        store = forgetHooked(memory);
        engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), tx, Limits.DEFAULTS,
                principal::get, "node-1", change -> { }, clock));
        assertTrue(engine.storeSync().heal(), "reads must be served by the store, as in production");
    }

    private void at(Duration age) {
        clock.now = NOW.minus(age);
    }

    private RetentionReport retain(int batchSize) {
        return new RetentionJob(log, store, tx, RETENTION, batchSize).run(NOW);
    }

    private List<Long> versions(String key) {
        return db.events(key).stream().map(EventRow::version).toList();
    }

    private static List<Long> sequences(List<StateEvent> events) {
        return events.stream().map(StateEvent::sequence).toList();
    }

    @Test
    void historyPagesAreNewestFirstBySequenceWithinOneMicrosecond() {
        engine.set("h", "one");
        engine.set("other", "x");
        tx.required(() -> {
            engine.set("h", "two");
            engine.set("h", "three");
            return engine.delete("h");
        });
        engine.set("h", "five");

        List<Long> newestFirst = db.events("h").stream().map(EventRow::seq).sorted((a, b) -> Long.compare(b, a)).toList();
        assertEquals(newestFirst.subList(0, 2), sequences(audit.history("h", 0, 2)));
        assertEquals(newestFirst.subList(2, 4), sequences(audit.history("h", 1, 2)));
        assertEquals(newestFirst.subList(4, 5), sequences(audit.history("h", 2, 2)));
        assertEquals(List.of(), audit.history("h", 3, 2));
        List<StateEvent> all = audit.history("h", 0, 10);
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), all.stream().map(StateEvent::version).toList());
        assertTrue(all.stream().allMatch(e -> e.time().equals(NOW)), all::toString);
    }

    @Test
    void sinceASequenceReadsEveryEventOnceInDatabaseOrder() {
        tx.required(() -> {
            for (int i = 0; i < 25; i++) {
                engine.set("k" + (i % 4), i);
            }
            return null;
        });
        List<Long> inDatabase = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            db.events("k" + k).forEach(row -> inDatabase.add(row.seq()));
        }
        inDatabase.sort(Long::compare);

        List<Long> readOn = new ArrayList<>();
        long position = 0;
        for (List<StateEvent> page = audit.since(position, 4); !page.isEmpty(); page = audit.since(position, 4)) {
            readOn.addAll(sequences(page));
            position = page.get(page.size() - 1).sequence();
        }
        assertEquals(inDatabase, readOn);
        assertEquals(inDatabase.subList(11, 25), sequences(audit.since(inDatabase.get(10), 100)));
    }

    @Test
    void sinceAnInstantIncludesItToTheMicrosecondAndOrdersBySequence() {
        Instant t0 = NOW.minusSeconds(60);
        Instant t1 = t0.plusNanos(1_000);
        clock.now = t0;
        engine.set("a", 1);
        clock.now = t1;
        engine.set("b", 1);
        engine.set("c", 1);
        // A node whose clock is behind: a later event with an earlier time.
        clock.now = t0;
        engine.set("d", 1);

        assertEquals(List.of("b", "c"), audit.since(t1, 100).stream().map(StateEvent::key).toList());
        assertEquals(List.of("a", "b", "c", "d"), audit.since(t0, 100).stream().map(StateEvent::key).toList());
        assertEquals(List.of("a"), audit.since(t0, 1).stream().map(StateEvent::key).toList());
    }

    @Test
    void byPrincipalPagesAreNewestFirstAndFindAnOverlongPrincipal() {
        for (int i = 0; i < 5; i++) {
            principal.set(i % 2 == 0 ? "alice" : "bob");
            engine.set("p" + i, i);
        }
        String overlong = "svc-" + "x".repeat(300);
        principal.set(overlong);
        engine.set("p5", 5);

        assertEquals(List.of("p4", "p2"), audit.byPrincipal("alice", 0, 2).stream().map(StateEvent::key).toList());
        assertEquals(List.of("p0"), audit.byPrincipal("alice", 1, 2).stream().map(StateEvent::key).toList());
        assertEquals(List.of("p3", "p1"), audit.byPrincipal("bob", 0, 10).stream().map(StateEvent::key).toList());
        assertEquals(List.of("p5"), audit.byPrincipal(overlong, 0, 10).stream().map(StateEvent::key).toList());
        assertEquals(List.of(), audit.byPrincipal("mallory", 0, 10));
    }

    @Test
    void auditEventsCarryTheRowAsTheDatabaseHoldsIt() {
        engine.set("cart", List.of("apple"));
        engine.delete("cart");
        List<StateEvent> events = audit.history("cart", 0, 10);
        List<EventRow> rows = db.events("cart");
        for (int i = 0; i < rows.size(); i++) {
            EventRow row = rows.get(i);
            StateEvent e = events.get(rows.size() - 1 - i);
            assertEquals(List.of(row.seq(), row.key(), row.version(), row.type(), String.valueOf(row.json()),
                    row.timeMicros(), row.principal(), row.nodeId(), row.txId()),
                    List.of(e.sequence(), e.key(), e.version(), e.type().name(), String.valueOf(e.json()),
                            Micros.of(e.time()), e.principal(), e.nodeId(), e.transactionId()));
        }
    }

    @Test
    void retentionDeletesOldEventsButNeverALatestEventOrALiveHead() {
        at(OLD);
        for (int v = 1; v <= 3; v++) {
            engine.set("a", v);
            engine.set("old-only", v);
            engine.set("b", v);
        }
        at(RECENT);
        engine.set("a", 4);
        engine.set("b", 4);
        engine.set("fresh", 1);
        var heads = db.heads();

        // Batches of 2, so the never-deleted latest events sit between batches too.
        RetentionReport report = retain(2);

        assertEquals(List.of(4L), versions("a"));
        assertEquals(List.of(4L), versions("b"));
        assertEquals(List.of(3L), versions("old-only"), "its latest event is old, but it is the latest");
        assertEquals(List.of(1L), versions("fresh"));
        assertEquals(heads, db.heads(), "no head row changes");
        assertEquals(Optional.of(3), engine.get("old-only", Integer.class));
        assertEquals(List.of(8L, 0L, 4L), List.of(report.eventsDeleted(), report.tombstonesRemoved(), report.batches()));
        assertEquals(List.of(4L), audit.history("a", 0, 10).stream().map(StateEvent::version).toList());
    }

    @Test
    void retentionKeepsEventsAtTheCutoffOrNewer() {
        Instant cutoff = NOW.minus(RETENTION);
        clock.now = cutoff.minusNanos(1_000);
        engine.set("k", "one microsecond too old");
        clock.now = cutoff;
        engine.set("k", "at the cutoff");
        engine.set("k", "latest");

        retain(1000);

        assertEquals(List.of(2L, 3L), versions("k"));
    }

    @Test
    void retentionRemovesAnOldDeletedKeyWithItsEventsAndTheKeyStartsAgainAtVersionOne() {
        at(OLD);
        engine.set("gone", "x");
        engine.set("gone", "y");
        engine.delete("gone");
        engine.set("recently-gone", "x");
        at(RECENT);
        engine.delete("recently-gone");

        RetentionReport report = retain(1000);

        assertEquals(List.of(), versions("gone"));
        assertEquals(Optional.empty(), db.head("gone"));
        assertEquals(List.of(2L), versions("recently-gone"), "a recent deletion keeps its DELETE event and head");
        assertEquals(2, db.head("recently-gone").orElseThrow().version());
        assertEquals(List.of(4L, 1L), List.of(report.eventsDeleted(), report.tombstonesRemoved()));

        clock.now = NOW;
        assertEquals(1, engine.set("gone", "back"));
        assertEquals(Optional.of("back"), engine.get("gone", String.class), "the store took version 1");
        assertEquals(List.of(1L), versions("gone"));
        assertEquals(3, engine.set("recently-gone", "back"));
    }

    @Test
    void aWriterWaitingForTheKeyWhileItIsRemovedWritesVersionOne() throws Exception {
        at(OLD);
        engine.set("contended", "x");
        engine.delete("contended");
        clock.now = NOW;
        CompletableFuture<Long> writer = new CompletableFuture<>();
        beforeForget.set(() -> {
            // The retention transaction holds the key's row lock here: the writer has to wait for it.
            Thread t = new Thread(() -> {
                try {
                    writer.complete(engine.set("contended", "back"));
                } catch (RuntimeException e) {
                    writer.completeExceptionally(e);
                }
            });
            t.start();
            sleep(300);
            assertFalse(writer.isDone(), "the writer must wait for the removal to commit");
        });

        assertEquals(1, retain(1000).tombstonesRemoved());

        assertEquals(1L, writer.get(30, TimeUnit.SECONDS));
        assertEquals(Optional.of("back"), engine.get("contended", String.class));
        assertEquals(List.of(1L), versions("contended"));
    }

    @Test
    void retentionOfMoreRowsThanOneBatchDeletesThemAllAndLeavesEverythingNewer() {
        at(OLD);
        tx.required(() -> {
            for (int v = 0; v < 23; v++) {
                for (int k = 0; k < 50; k++) {
                    engine.set("bulk" + k, v);
                }
            }
            return null;
        });
        at(RECENT);
        tx.required(() -> {
            for (int k = 0; k < 50; k++) {
                engine.set("bulk" + k, "recent");
                engine.set("bulk" + k, "newest");
            }
            return null;
        });

        RetentionReport report = retain(RetentionJob.DEFAULT_BATCH_SIZE);

        assertEquals(1150, report.eventsDeleted());
        assertEquals(2, report.batches(), "1000 in the first transaction, 150 in the second");
        for (int k = 0; k < 50; k++) {
            assertEquals(List.of(24L, 25L), versions("bulk" + k));
        }
        assertEquals(0, retain(RetentionJob.DEFAULT_BATCH_SIZE).eventsDeleted(), "a second run finds nothing");
    }

    @Test
    void theLogRefusesToRemoveALiveKey() {
        engine.set("live", "x");
        StateException e = assertThrows(StateException.class, () -> tx.required(() -> {
            log.lock("live");
            return log.removeDeletedKey("live");
        }));
        assertEquals("live", e.getKey());
        assertEquals(List.of(1L), versions("live"));
        assertEquals(1, db.head("live").orElseThrow().version());
    }

    /** The in-memory store, with a hook run before each forget (while retention holds the key's lock). */
    private StateStore forgetHooked(InMemoryStateStore target) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("forget")) {
                        beforeForget.get().run();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
