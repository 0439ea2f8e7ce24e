package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConflictException;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.StoredValue;

/** How the engine ties its writes to the surrounding transaction, and what it records. */
class StateEngineTransactionTest {

    private final EngineFixture f = new EngineFixture();
    private final StateEngine engine = f.engine;

    @Test
    void writesAreVisibleInsideTheirTransactionButNotInTheStoreUntilCommit() {
        f.inTransaction(() -> {
            engine.set("k", "v1");
            engine.set("k", "v2");
            assertEquals(Optional.of("v2"), engine.get("k", String.class));
            assertEquals(2, engine.getVersioned("k", String.class).orElseThrow().version());
            assertEquals(Optional.empty(), f.store.get("k"));
            assertEquals(Optional.empty(), f.log.committedHead("k"));
        });
        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), f.store.get("k"));
        assertEquals(Optional.of("v2"), engine.get("k", String.class));
    }

    @Test
    void deleteIsVisibleInsideItsTransactionBeforeCommit() {
        engine.set("k", "v");
        f.inTransaction(() -> {
            engine.delete("k");
            assertEquals(Optional.empty(), engine.get("k", String.class));
            assertTrue(f.store.get("k").isPresent());
        });
        assertEquals(Optional.empty(), f.store.get("k"));
    }

    @Test
    void rolledBackWriteIsNeverApplied() {
        engine.set("kept", "old");
        int eventsBefore = f.log.events().size();
        f.changed.clear();

        assertThrows(IllegalArgumentException.class, () -> f.inTransaction(() -> {
            engine.set("kept", "new");
            engine.set("fresh", "v");
            engine.delete("kept");
            throw new IllegalArgumentException("business failure");
        }));

        assertEquals(Optional.of("old"), engine.get("kept", String.class));
        assertEquals(Optional.empty(), engine.get("fresh", String.class));
        assertEquals(Optional.empty(), f.store.get("fresh"));
        assertEquals(eventsBefore, f.log.events().size());
        assertTrue(f.changed.isEmpty(), "events: " + f.changed);
    }

    @Test
    void transactionMarkedRollbackOnlyLeavesNoTrace() {
        f.inTransaction(() -> {
            engine.set("k", "v");
            f.tx.setRollbackOnly();
        });
        assertEquals(Optional.empty(), engine.get("k", String.class));
        assertEquals(Optional.empty(), f.store.get("k"));
        assertTrue(f.log.events().isEmpty());
        assertTrue(f.changed.isEmpty());
        // The versions a rolled-back transaction used are free again.
        assertEquals(1, engine.set("k", "w"));
    }

    @Test
    void stateChangedFiredOncePerKeyPerCommitWithFinalVersion() {
        engine.set("gone", "x");
        f.changed.clear();

        f.inTransaction(() -> {
            engine.set("a", 1);
            engine.set("a", 2);
            engine.set("b", "x");
            engine.set("a", 3);
            engine.delete("gone");
            assertTrue(f.changed.isEmpty(), "fired before commit: " + f.changed);
        });

        assertEquals(Set.of(new StateChanged("a", 3, ChangeType.SET, false),
                new StateChanged("b", 1, ChangeType.SET, false),
                new StateChanged("gone", 2, ChangeType.DELETE, false)), Set.copyOf(f.changed));
        assertEquals(3, f.changed.size());
    }

    @Test
    void stateChangedFiredPerCommitForSeparateTransactions() {
        engine.set("a", 1);
        engine.set("a", 2);
        assertEquals(List.of(new StateChanged("a", 1, ChangeType.SET, false),
                new StateChanged("a", 2, ChangeType.SET, false)), f.changed);
    }

    @Test
    void observerOfStateChangedReadsTheCommittedValue() {
        // Observers typically read the key they are told about; by then the store must have it.
        AtomicReference<StateEngine> self = new AtomicReference<>();
        List<Optional<String>> seen = new CopyOnWriteArrayList<>();
        self.set(new StateEngine(new EngineParts(f.store, f.log, new JsonbCodec(), f.tx, Limits.DEFAULTS,
                () -> "p", "n", c -> seen.add(self.get().get(c.key(), String.class)), Clock.systemUTC())));

        self.get().set("k", "v");

        assertEquals(List.of(Optional.of("v")), seen);
    }

    @Test
    void compareAndSetSucceedsOnExpectedVersion() {
        engine.set("k", "a");
        assertEquals(2, engine.compareAndSet("k", 1, "b"));
        assertEquals(Optional.of("b"), engine.get("k", String.class));
    }

    @Test
    void compareAndSetConflictReportsExpectedAndActualAndWritesNothing() {
        engine.set("k", "a");
        engine.set("k", "b");
        int eventsBefore = f.log.events().size();

        StateConflictException e = assertThrows(StateConflictException.class,
                () -> engine.compareAndSet("k", 1, "c"));

        assertEquals("k", e.getKey());
        assertEquals(1, e.getExpectedVersion());
        assertEquals(2, e.getActualVersion());
        assertEquals(Optional.of("b"), engine.get("k", String.class));
        assertEquals(eventsBefore, f.log.events().size());
    }

    @Test
    void compareAndSetWithZeroCreatesAbsentKeyOnly() {
        assertEquals(1, engine.compareAndSet("k", 0, "first"));
        StateConflictException e = assertThrows(StateConflictException.class,
                () -> engine.compareAndSet("k", 0, "second"));
        assertEquals(1, e.getActualVersion());
        assertEquals(Optional.of("first"), engine.get("k", String.class));
    }

    @Test
    void compareAndSetOnAbsentKeyWithNonZeroVersionConflictsWithActualZero() {
        StateConflictException e = assertThrows(StateConflictException.class,
                () -> engine.compareAndSet("k", 3, "v"));
        assertEquals(0, e.getActualVersion());
    }

    @Test
    void compareAndSetWithZeroSucceedsOnDeletedKeyAndContinuesVersions() {
        engine.set("k", "a");
        engine.delete("k");
        assertEquals(3, engine.compareAndSet("k", 0, "back"));
        assertEquals(Optional.of("back"), engine.get("k", String.class));
    }

    @Test
    void conflictInsideCallerTransactionDoesNotDoomIt() {
        engine.set("k", "a");
        f.inTransaction(() -> {
            engine.set("other", "kept");
            assertThrows(StateConflictException.class, () -> engine.compareAndSet("k", 7, "b"));
        });
        // The caller caught the conflict; its transaction must still commit its other work.
        assertEquals(Optional.of("kept"), engine.get("other", String.class));
    }

    @Test
    void eventRowsCarryPrincipalNodeAndMicrosecondTime() {
        engine.set("k", "v");
        LoggedChange e = f.log.events().get(0);
        assertEquals("k", e.key());
        assertEquals(1, e.version());
        assertEquals(ChangeType.SET, e.type());
        assertEquals("\"v\"", e.json());
        assertEquals(EngineFixture.PRINCIPAL, e.principal());
        assertEquals(EngineFixture.NODE, e.nodeId());
        assertEquals(EngineFixture.NOW.truncatedTo(ChronoUnit.MICROS), e.time());
        assertNotEquals(EngineFixture.NOW, e.time());
    }

    @Test
    void writesInOneTransactionShareTransactionIdAndSeparateTransactionsDoNot() {
        f.inTransaction(() -> {
            engine.set("a", 1);
            engine.set("b", 2);
        });
        engine.set("c", 3);

        List<LoggedChange> events = f.log.events();
        assertEquals(3, events.size());
        assertEquals(events.get(0).transactionId(), events.get(1).transactionId());
        assertNotEquals(events.get(0).transactionId(), events.get(2).transactionId());
        Set<String> ids = events.stream().map(LoggedChange::transactionId).collect(Collectors.toSet());
        assertTrue(ids.stream().noneMatch(id -> id == null || id.isBlank()), ids.toString());
    }

    @Test
    void engineStartedTransactionCommitsBeforeTheCallReturns() {
        int before = f.tx.begun();
        engine.set("k", "v");
        assertEquals(before + 1, f.tx.begun());
        assertEquals("\"v\"", f.log.committedHead("k").orElseThrow().json());
        assertEquals(Optional.of(new StoredValue("\"v\"", 1)), f.store.get("k"));
    }
}
