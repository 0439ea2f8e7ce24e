package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import java.lang.reflect.Type;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateSerializationException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.Versioned;
import org.statekeeper.StateEvent;

/**
 * What every deployment of Statekeeper must do, run inside a real server against a real database.
 * Each subclass supplies the deployment (and so the datasource and the store).
 */
public abstract class StateManagerContract extends ExpiryAndRecoveryContract {

    @Test
    void recordHoldingListAndMapRoundTrips() {
        String key = key("cart");
        Cart cart = new Cart(List.of(new Item("apple", 2), new Item("pear", 1)), Map.of("gift", 1, "rush", 0));

        assertEquals(1, state.set(key, cart));

        assertEquals(Optional.of(cart), state.get(key, Cart.class));
        assertEquals(Optional.of(new Versioned<>(cart, 1)), state.getVersioned(key, Cart.class));
    }

    @Test
    void genericListOfRecordsRoundTrips() throws Exception {
        String key = key("items");
        List<Item> items = List.of(new Item("a", 1), new Item("b", 2));
        Type type = ContractBase.class.getDeclaredField("listOfItems").getGenericType();

        state.set(key, items);

        Optional<List<Item>> read = state.get(key, type);
        assertEquals(items, read.orElseThrow());
        assertInstanceOf(Item.class, read.get().get(0));
    }

    @Test
    void absentKeyGivesDefaultValueAndEmptyOptionals() {
        String key = key("absent");

        assertEquals("fallback", state.get(key, String.class, "fallback"));
        assertEquals(Optional.empty(), state.get(key, String.class));
        assertEquals(Optional.empty(), state.getVersioned(key, String.class));
        state.set(key, "present");
        assertEquals("present", state.get(key, String.class, "fallback"));
    }

    @Test
    void uncommittedWriteIsVisibleInsideItsTransactionAndNowhereElse() throws Exception {
        String key = key("ryw");

        // A @Transactional bean, not UserTransaction: Payara Micro at times refuses UserTransaction on the
        // test's thread ("Operation not allowed"), which says nothing about Statekeeper.
        scope.run(() -> {
            state.set(key, "mine");
            assertEquals(Optional.of("mine"), state.get(key, String.class), "read-your-writes");
            try {
                assertEquals(Optional.empty(), elsewhere(() -> state.get(key, String.class)),
                        "another transaction must not see an uncommitted value");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertTrue(changes.of(key).isEmpty(), "no StateChanged before commit");
            return null;
        });
        assertEquals(Optional.of("mine"), elsewhere(() -> state.get(key, String.class)));
    }

    @Test
    void exceptionRollbackLeavesNoValueNoEventAndNoNotification() {
        String key = key("rollback-exception");

        assertThrows(EJBException.class, () -> ejb.setThenFail(key, "doomed"));

        assertEquals(Optional.empty(), state.get(key, String.class));
        assertTrue(events(key).isEmpty(), "no event row after rollback");
        assertFalse(headWritten(key), "no head version after rollback");
        assertTrue(changes.of(key).isEmpty(), "no StateChanged after rollback");
    }

    @Test
    void setRollbackOnlyLeavesNoValueNoEventAndNoNotification() {
        String key = key("rollback-only");

        ejb.setThenMarkRollbackOnly(key, "doomed");

        assertEquals(Optional.empty(), state.get(key, String.class));
        assertTrue(events(key).isEmpty(), "no event row after rollback");
        assertTrue(changes.of(key).isEmpty(), "no StateChanged after rollback");
    }

    @Test
    void userTransactionRollbackDiscardsEveryChangeOfTheTransaction() throws Exception {
        String kept = key("kept");
        String other = key("other");
        state.set(kept, "before");

        utx.begin();
        state.set(kept, "during");
        state.set(other, "during");
        utx.rollback();

        assertEquals(Optional.of(new Versioned<>("before", 1)), state.getVersioned(kept, String.class));
        assertEquals(Optional.empty(), state.get(other, String.class));
        assertEquals(1, events(kept).size());
        assertTrue(events(other).isEmpty());
    }

    @Test
    void eventRowsRecordVersionTypePrincipalNodeTransactionAndMicrosecondTime() throws Exception {
        String key = key("events");
        utx.begin();
        state.set(key, "one");
        state.set(key, "two");
        utx.commit();
        state.delete(key);

        List<StateEvent> rows = events(key);
        assertEquals(List.of(3L, 2L, 1L), rows.stream().map(StateEvent::version).toList(), "newest first");
        assertEquals(List.of(ChangeType.DELETE, ChangeType.SET, ChangeType.SET),
                rows.stream().map(StateEvent::type).toList());
        assertEquals("\"two\"", rows.get(1).json());
        assertEquals(null, rows.get(0).json());
        rows.forEach(r -> assertEquals("anonymous", r.principal()));
        rows.forEach(r -> assertFalse(r.nodeId().isBlank()));
        assertEquals(rows.get(1).transactionId(), rows.get(2).transactionId(), "one transaction, one id");
        assertNotEquals(rows.get(0).transactionId(), rows.get(1).transactionId());
        assertTrue(rows.get(0).sequence() > rows.get(1).sequence() && rows.get(1).sequence() > rows.get(2).sequence());
        assertFalse(rows.get(0).time().isBefore(rows.get(2).time()));

        // Microseconds survive the database: over 20 writes, some time must fall between whole milliseconds.
        String timed = key("timed");
        for (int i = 0; i < 20; i++) {
            state.set(timed, i);
        }
        List<StateEvent> timedRows = events(timed);
        timedRows.forEach(r -> assertEquals(r.time(), r.time().truncatedTo(ChronoUnit.MICROS)));
        assertTrue(timedRows.stream().anyMatch(r -> r.time().getNano() % 1_000_000 != 0),
                "times are kept with microseconds, not rounded to milliseconds");
    }

    @Test
    void stateChangedIsObservedOncePerCommitWithTheFinalVersion() throws Exception {
        String key = key("observed");

        ejb.set(key, "a");
        assertEquals(List.of(new StateChanged(key, 1, ChangeType.SET, false)), changes.of(key));

        utx.begin();
        state.set(key, "b");
        state.set(key, "c");
        utx.commit();
        assertEquals(List.of(new StateChanged(key, 1, ChangeType.SET, false),
                new StateChanged(key, 3, ChangeType.SET, false)), changes.of(key));

        state.delete(key);
        assertEquals(new StateChanged(key, 4, ChangeType.DELETE, false), changes.of(key).get(2));
        assertEquals(List.of(1L, 3L, 0L), changes.readWhileObserving(key),
                "an observer reads what it is told of: the change is in the store before anyone hears of it");
    }

    @Test
    void compareAndSetSucceedsOnTheExpectedVersionAndConflictsOtherwise() {
        String key = key("cas");

        assertEquals(1, state.compareAndSet(key, 0, "first"));
        StateConflictException conflict = assertThrows(StateConflictException.class,
                () -> state.compareAndSet(key, 0, "second"));
        assertEquals(key, conflict.getKey());
        assertEquals(0, conflict.getExpectedVersion());
        assertEquals(1, conflict.getActualVersion());
        assertEquals(Optional.of("first"), state.get(key, String.class));
        assertEquals(2, state.compareAndSet(key, 1, "third"));
        assertEquals(2, events(key).size(), "the failed compare-and-set logged nothing");
    }

    @Test
    void eightThreadsTimesTwoHundredUpdatesGiveExactly1600() throws Exception {
        String key = key("counter");
        ExecutorService pool = Executors.newFixedThreadPool(8, threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                // Half go through an EJB's container transaction, half let the manager start one.
                boolean viaEjb = t % 2 == 0;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (viaEjb) {
                            ejb.increment(key);
                        } else {
                            counter.increment(key);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Optional.of(new Versioned<>(1600L, 1600)), state.getVersioned(key, Long.class));
        assertEquals(1600, events(key).size());
    }

    @Test
    void deleteLogsADeleteEventAndVersionsKeepGrowing() {
        String key = key("delete");
        state.set(key, "v");

        assertTrue(state.delete(key));
        assertEquals(Optional.empty(), state.get(key, String.class));
        assertEquals(ChangeType.DELETE, events(key).get(0).type());
        assertFalse(state.delete(key), "deleting an absent key reports false");
        assertEquals(2, events(key).size(), "and logs nothing");
        assertEquals(3, state.set(key, "again"));
    }

    @Test
    void nullKeyIsRejected() {
        assertThrows(InvalidKeyException.class, () -> state.set(null, "v"));
        assertThrows(InvalidKeyException.class, () -> state.get(null, String.class));
    }

    @Test
    void emptyKeyIsRejectedAndLeavesNoTrace() {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> state.set("", "v"));
        assertEquals("", e.getKey());
        assertTrue(events("").isEmpty());
    }

    @Test
    void keyLongerThanTheLimitIsRejectedAndLeavesNoTrace() {
        String key = key("long") + "x".repeat(300);
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> state.set(key, "v"));
        assertTrue(e.getMessage().contains("state.max-key-length"), e.getMessage());
        assertTrue(events(key).isEmpty());
    }

    @Test
    void keyWithControlCharacterIsRejectedAndLeavesNoTrace() {
        String key = key("ctl") + "\n";
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> state.set(key, "v"));
        assertTrue(e.getMessage().contains("\\u000a"), "the key is named, escaped: " + e.getMessage());
        assertTrue(events(key).isEmpty());
    }

    @Test
    void oversizedValueIsRejectedAndLeavesNoTrace() {
        String key = key("big");
        String huge = "x".repeat(1_100_000);

        ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> state.set(key, huge));
        assertEquals(key, e.getKey());
        assertThrows(EJBException.class, () -> ejb.set(key, huge));

        assertEquals(Optional.empty(), state.get(key, String.class));
        assertTrue(events(key).isEmpty());
        assertTrue(changes.of(key).isEmpty());
    }

    @Test
    void valueJsonbCannotSerialiseIsRejectedAndLeavesNoTrace() {
        String key = key("unserialisable");

        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> state.set(key, new Unserialisable()));
        assertEquals(key, e.getKey());
        assertThrows(StateSerializationException.class, () -> state.set(key, null));

        assertEquals(Optional.empty(), state.get(key, String.class));
        assertTrue(events(key).isEmpty());
    }

    @Test
    void valueStoredAsOneTypeAndReadAsAnIncompatibleTypeNamesKeyAndVersion() {
        String key = key("mistyped");
        state.set(key, new Item("x", 1));

        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> state.get(key, Long.class));
        assertEquals(key, e.getKey());
        assertEquals(1, e.getVersion());
    }

    @Test
    void setAllWritesEveryKeyInOneTransactionAndEachGetsItsNextVersion() {
        String old = key("batch-old");
        state.set(old, "v1");
        state.set(old, "v2");
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put(old, "v3");
        // More keys than one locking query takes (500), so the chunks are exercised too.
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 620; i++) {
            fresh.add(key("batch-" + i));
            values.put(fresh.get(i), new Item("item-" + i, i));
        }

        java.util.SortedMap<String, Long> versions = state.setAll(values);

        assertEquals(values.size(), versions.size());
        assertEquals(3L, versions.get(old));
        assertEquals(Optional.of(new Versioned<>("v3", 3)), state.getVersioned(old, String.class));
        for (int i = 0; i < 620; i++) {
            assertEquals(1L, versions.get(fresh.get(i)), fresh.get(i));
            assertEquals(Optional.of(new Item("item-" + i, i)), state.get(fresh.get(i), Item.class));
        }
        List<StateEvent> logged = events(fresh.get(7));
        assertEquals(1, logged.size());
        assertEquals(logged.get(0).transactionId(), events(old).get(0).transactionId(), "one transaction");
        assertEquals(List.of(new StateChanged(fresh.get(7), 1, ChangeType.SET, false)), changes.of(fresh.get(7)));
    }

    @Test
    void setAllWithOneUnencodableValueWritesNoneOfTheOthers() {
        String good = key("batch-good");
        String bad = key("batch-bad");
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put(good, "fine");
        values.put(bad, new Unserialisable());

        StateSerializationException e = assertThrows(StateSerializationException.class, () -> state.setAll(values));

        assertEquals(bad, e.getKey());
        assertEquals(Optional.empty(), state.get(good, String.class));
        assertTrue(events(good).isEmpty());
    }

    @Test
    void setAllRolledBackWithItsTransactionLeavesNoTrace() throws Exception {
        String key = key("batch-rollback");
        String fresh = key("batch-rollback-new");
        state.set(key, "before");

        utx.begin();
        state.setAll(Map.of(key, "during", fresh, "during"));
        assertEquals(Optional.of("during"), state.get(fresh, String.class), "read-your-writes inside");
        utx.rollback();

        assertEquals(Optional.of(new Versioned<>("before", 1)), state.getVersioned(key, String.class));
        assertEquals(Optional.empty(), state.get(fresh, String.class));
        assertTrue(events(fresh).isEmpty());
        assertEquals(1, events(key).size());
        assertEquals(2, state.set(key, "after"));
    }

    @Test
    void blindWritesUpdatesAndBatchesOfOneKeyInOneTransactionGetConsecutiveVersions() throws Exception {
        String key = key("mixed");
        state.set(key, 1L);
        state.set(key, 2L);

        utx.begin();
        assertEquals(3, state.set(key, 3L));
        assertEquals(4L, state.update(key, Long.class, n -> n + 1));
        assertEquals(5, state.set(key, 5L));
        assertEquals(6L, state.setAll(Map.of(key, 6L)).get(key));
        assertEquals(7, state.compareAndSet(key, 6, 7L));
        utx.commit();

        assertEquals(Optional.of(new Versioned<>(7L, 7)), state.getVersioned(key, Long.class));
        assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L), events(key).stream().map(StateEvent::version).toList());
        assertEquals(8, state.set(key, 8L), "the next blind write after the transaction");
    }
}
