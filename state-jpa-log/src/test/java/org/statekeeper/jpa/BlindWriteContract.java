package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;
import org.statekeeper.Versioned;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.StateEngine;
import org.statekeeper.testing.log.LogTables.EventRow;
import org.statekeeper.spi.EventLog;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.Concurrently;

/**
 * Blind writes of a key this node knows take one conditional UPDATE instead of a locking read
 * ({@link JpaEventLog#appendUnread}); these prove that the shortcut never gives a wrong version on
 * every supported database: under contention, after another node's write, past an expiry, after a
 * rollback, and mixed with locked writes in one transaction. Also {@code setAll}, which locks many
 * keys in a few queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BlindWriteContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final JsonbCodec codec = new JsonbCodec();
    private final List<StateChanged> events = new CopyOnWriteArrayList<>();
    private TestDatabase db;
    private EntityManagerFactory emf;
    private LocalTransactions tx;
    private InMemoryStateStore store;

    /** Returns a fresh, empty database (the name is a PostgreSQL schema or a MariaDB database). */
    protected abstract TestDatabase openDatabase(String schema);

    @BeforeAll
    void startHibernateOnTheShippedSchema() {
        db = openDatabase("sk_blind_test").withShippedSchema();
        emf = db.startHibernate();
        tx = new LocalTransactions(emf);
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
    void emptyTables() {
        db.deleteAllRows();
        events.clear();
        store = new InMemoryStateStore();
    }

    /** A node: its own log (so its own knowledge of versions) and engine on the shared database. */
    private StateEngine node(String id, Clock clock) {
        return new StateEngine(new EngineParts(store, new JpaEventLog(tx::entityManager, tx), codec, tx,
                Limits.DEFAULTS, () -> "alice", id, events::add, clock));
    }

    @Test
    void aBlindWriteOfAKeyThisNodeKnowsTakesNoLockingReadAndOneAfterAnotherNodesWriteDoes() {
        AtomicInteger locks = new AtomicInteger();
        JpaEventLog real = new JpaEventLog(tx::entityManager, tx);
        EventLog counting = (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("lock")) {
                        locks.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        StateEngine a = new StateEngine(new EngineParts(store, counting, codec, tx, Limits.DEFAULTS, () -> "alice",
                "node-a", events::add, Clock.systemUTC()));
        StateEngine b = node("node-b", Clock.systemUTC());

        a.set("k", "first");
        assertEquals(1, locks.get(), "a key this node has never seen is locked and read");
        a.set("k", "second");
        a.set("k", "third");
        assertEquals(1, locks.get(), "a known key is written with the conditional update alone");
        b.set("k", "other node");
        assertEquals(5, a.set("k", "fifth"));
        assertEquals(2, locks.get(), "after another node's write the shortcut finds the row moved and locks");
    }

    @Test
    void concurrentBlindWritesOfAKnownKeyAllSucceedWithDistinctConsecutiveVersions() {
        StateEngine engine = node("node-1", Clock.systemUTC());
        engine.set("hot", "start");
        int threads = 8;
        int perThread = 60;
        List<List<Long>> versions = Concurrently.run(threads, 600, i -> {
            List<Long> mine = new ArrayList<>();
            for (int n = 0; n < perThread; n++) {
                mine.add(engine.set("hot", "writer-" + i + "-" + n));
            }
            return mine;
        });

        long last = 1 + threads * perThread;
        assertEquals(LongStream.rangeClosed(2, last).boxed().toList(),
                versions.stream().flatMap(Collection::stream).sorted().toList(),
                "every blind set must succeed with a version of its own");
        List<EventRow> rows = db.events("hot");
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), rows.stream().map(EventRow::version).sorted().toList());
        assertEquals(last, db.head("hot").orElseThrow().version());
        assertEquals(last, engine.getVersioned("hot", String.class).orElseThrow().version());
    }

    @Test
    void aBlindWriteAfterAnotherNodesWriteGetsTheNextVersionNotTheOneItRemembers() {
        StateEngine a = node("node-a", Clock.systemUTC());
        StateEngine b = node("node-b", Clock.systemUTC());
        assertEquals(1, a.set("shared", "a1"));
        assertEquals(2, b.set("shared", "b2"));
        assertEquals(3, b.set("shared", "b3"));
        // Node a remembers version 1: its shortcut must find the row moved and take the locking path.
        assertEquals(4, a.set("shared", "a4"));
        assertEquals(5, a.set("shared", "a5"));

        List<EventRow> rows = db.events("shared");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rows.stream().map(EventRow::version).sorted().toList());
        assertEquals("\"a5\"", db.head("shared").orElseThrow().json());
    }

    @Test
    void aBlindWriteOfAKeyWhoseValueExpiredLogsTheExpiryFirst() {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        StateEngine engine = node("node-1", clock);
        assertEquals(1, engine.set("session", "s1", Duration.ofSeconds(10)));
        now.set(T0.plusSeconds(11));

        assertEquals(3, engine.set("session", "s2"), "version 2 is the EXPIRE of the first value");
        List<String> types = db.events("session").stream().sorted((x, y) -> Long.compare(x.version(), y.version()))
                .map(EventRow::type).toList();
        assertEquals(List.of("SET", "EXPIRE", "SET"), types);
        assertEquals(new Versioned<>("s2", 3L), engine.getVersioned("session", String.class).orElseThrow());
    }

    @Test
    void aRolledBackBlindWriteLeavesNoGapInTheVersions() {
        StateEngine engine = node("node-1", Clock.systemUTC());
        engine.set("k", "v1");
        assertThrows(IllegalStateException.class, () -> tx.required(() -> {
            engine.set("k", "v2-rolled-back");
            throw new IllegalStateException("roll back");
        }));

        assertEquals(2, engine.set("k", "v2"));
        assertEquals(List.of(1L, 2L), db.events("k").stream().map(EventRow::version).sorted().toList());
        assertEquals("\"v2\"", db.head("k").orElseThrow().json());
    }

    @Test
    void blindAndLockedWritesOfOneKeyInOneTransactionGetConsecutiveVersions() {
        StateEngine engine = node("node-1", Clock.systemUTC());
        engine.set("mixed", 1);
        List<Long> versions = tx.required(() -> List.of(
                engine.set("mixed", 2),
                (long) engine.update("mixed", Integer.class, n -> n + 10),
                engine.set("mixed", 30),
                engine.compareAndSet("mixed", 4, 40)));

        assertEquals(List.of(2L, 12L, 4L, 5L), versions);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), db.events("mixed").stream().map(EventRow::version).sorted().toList());
        assertEquals(new Versioned<>(40, 5L), engine.getVersioned("mixed", Integer.class).orElseThrow());
        assertEquals(List.of(ChangeType.SET, ChangeType.SET), events.stream().map(StateChanged::type).toList(),
                "one StateChanged per key per commit");
    }

    @Test
    void concurrentSetAllsOfOverlappingKeysNeitherDeadlockNorLoseAWrite() {
        StateEngine engine = node("node-1", Clock.systemUTC());
        int threads = 4;
        int rounds = 10;
        List<String> keys = LongStream.range(0, 40).mapToObj(n -> "batch:" + n).toList();
        Concurrently.run(threads, 600, t -> {
            for (int r = 0; r < rounds; r++) {
                // Each thread names the keys in another order: the engine must lock them in one order.
                List<String> mine = new ArrayList<>(keys);
                java.util.Collections.rotate(mine, t * 7 + r);
                java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
                mine.forEach(k -> values.put(k, "t" + t));
                engine.setAll(values);
            }
            return null;
        });

        for (String key : keys) {
            assertEquals(LongStream.rangeClosed(1, threads * rounds).boxed().toList(),
                    db.events(key).stream().map(EventRow::version).sorted().toList(), key);
            assertEquals(threads * rounds, engine.getVersioned(key, String.class).orElseThrow().version());
        }
    }

    @Test
    void setAllGivesNewAndExistingKeysTheirNextVersionsInOneTransaction() {
        StateEngine engine = node("node-1", Clock.systemUTC());
        engine.set("old", "v1");
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("old", "v2");
        for (int i = 0; i < 1100; i++) {
            values.put("new:" + i, i);
        }

        java.util.SortedMap<String, Long> versions = engine.setAll(values);

        assertEquals(2L, versions.get("old"));
        assertEquals(1L, versions.get("new:1099"));
        assertEquals(1101, versions.size());
        assertEquals(1101, db.heads().size());
        assertEquals(1, db.events("new:0").size());
        assertEquals(db.events("old").stream().filter(e -> e.version() == 2).findFirst().orElseThrow().txId(),
                db.events("new:0").get(0).txId());
        assertEquals(new Versioned<>(1099, 1L), engine.getVersioned("new:1099", Integer.class).orElseThrow());
    }
}
