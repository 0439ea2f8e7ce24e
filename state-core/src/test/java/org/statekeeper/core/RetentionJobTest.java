package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.StateStore;

/** Retention over the in-test log and store: what is deleted, what never is, batches and the lock. */
class RetentionJobTest {

    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration OLD = Duration.ofDays(40);
    private static final Duration RECENT = Duration.ofDays(1);

    private final TimedFixture f = new TimedFixture();

    private RetentionReport run(int batchSize) {
        return new RetentionJob(f.log, f.store, f.tx, RETENTION, batchSize).run(TimedFixture.NOW);
    }

    private List<Long> versionsOf(String key) {
        return f.log.events().stream().filter(e -> e.key().equals(key)).map(LoggedChange::version).toList();
    }

    @Test
    void oldEventsAreDeletedButNeverTheLatestEventOfAKeyNorItsHead() {
        f.at(OLD);
        f.engine.set("a", 1);
        f.engine.set("a", 2);
        f.engine.set("a", 3);
        f.engine.set("b", 1);
        f.at(RECENT);
        f.engine.set("a", 4);
        Optional<Head> headA = f.log.committedHead("a");
        Optional<Head> headB = f.log.committedHead("b");

        RetentionReport report = run(1000);

        assertEquals(List.of(4L), versionsOf("a"));
        assertEquals(List.of(1L), versionsOf("b"), "b's only event is old but it is b's latest");
        assertEquals(headA, f.log.committedHead("a"));
        assertEquals(headB, f.log.committedHead("b"));
        assertEquals(Optional.of(1), f.engine.get("b", Integer.class));
        assertEquals(new RetentionReport(true, 3, 0, 1, report.elapsed()), report);
    }

    @Test
    void eventsAtTheCutoffOrNewerAreKept() {
        Instant cutoff = TimedFixture.NOW.minus(RETENTION);
        f.clock.set(cutoff.minusNanos(1_000));
        f.engine.set("k", "one microsecond too old");
        f.clock.set(cutoff);
        f.engine.set("k", "exactly at the cutoff");
        f.at(RECENT);
        f.engine.set("k", "recent");

        run(1000);

        assertEquals(List.of(2L, 3L), versionsOf("k"));
    }

    @Test
    void anOldDeletedKeyIsRemovedWithItsEventsAndStartsAgainAtVersionOne() {
        f.at(OLD);
        f.engine.set("gone", "x");
        f.engine.set("gone", "y");
        f.engine.delete("gone");

        RetentionReport report = run(1000);

        assertEquals(List.of(), versionsOf("gone"));
        assertEquals(Optional.empty(), f.log.committedHead("gone"));
        assertEquals(3, report.eventsDeleted(), "two in the first pass, the DELETE with the key");
        assertEquals(1, report.tombstonesRemoved());
        f.at(Duration.ZERO);
        assertEquals(1, f.engine.set("gone", "back"));
        assertTrue(f.engine.storeSync().isServing());
        assertEquals(Optional.of("back"), f.engine.get("gone", String.class),
                "the store forgot the tombstone, so it took version 1");
    }

    @Test
    void aRecentlyDeletedKeyKeepsItsHeadAndDeleteEventAndItsVersionsGoOn() {
        f.at(OLD);
        f.engine.set("r", "x");
        f.at(RECENT);
        f.engine.delete("r");

        RetentionReport report = run(1000);

        assertEquals(List.of(2L), versionsOf("r"));
        assertEquals(0, report.tombstonesRemoved());
        assertEquals(3, f.engine.set("r", "again"));
    }

    @Test
    void aKeyWrittenAgainAfterItsOldDeletionIsNotRemoved() {
        f.at(OLD);
        f.engine.set("k", "x");
        f.engine.delete("k");
        f.at(RECENT);
        f.engine.set("k", "back");

        run(1000);

        assertEquals(List.of(3L), versionsOf("k"));
        assertEquals(Optional.of("back"), f.engine.get("k", String.class));
    }

    @Test
    void manyOldEventsAreDeletedInBatchesOfAtMostTheBatchSize() {
        f.at(OLD);
        for (int i = 0; i < 31; i++) {
            f.engine.set("k" + (i % 5), i);
        }
        f.at(RECENT);
        for (int k = 0; k < 5; k++) {
            f.engine.set("k" + k, "recent");
        }
        List<Integer> batchSizes = new ArrayList<>();
        EventLog counting = recording(f.log, batchSizes);

        RetentionReport report = new RetentionJob(counting, f.store, f.tx, RETENTION, 4).run(TimedFixture.NOW);

        assertEquals(31, report.eventsDeleted());
        assertEquals(List.of(4, 4, 4, 4, 4, 4, 4, 3), batchSizes);
        assertEquals(8, report.batches());
        assertEquals(5, f.log.events().size(), "only the recent latest event of each key is left");
    }

    @Test
    void aSecondRunFindsNothingLeftToDelete() {
        f.at(OLD);
        f.engine.set("k", 1);
        f.engine.set("k", 2);
        run(1000);
        assertEquals(new RetentionReport(true, 0, 0, 0, Duration.ZERO), withoutTime(run(1000)));
    }

    @Test
    void aRunWhileAnotherNodeHoldsTheLockDoesNothing() {
        f.at(OLD);
        f.engine.set("k", 1);
        f.engine.set("k", 2);
        assertTrue(f.store.tryLock(RetentionJob.LOCK, "other-node", Duration.ofMinutes(5)));

        RetentionReport report = run(1000);

        assertFalse(report.ran());
        assertEquals(List.of(1L, 2L), versionsOf("k"));
        f.store.unlock(RetentionJob.LOCK, "other-node");
        assertEquals(1, run(1000).eventsDeleted());
        assertTrue(f.store.tryLock(RetentionJob.LOCK, "other-node", Duration.ofMinutes(5)), "the run released its lock");
    }

    @Test
    void aStoreThatCannotForgetKeepsDeletedKeysHeadRows() {
        AtomicInteger forgetCalls = new AtomicInteger();
        InMemoryStateStore memory = new InMemoryStateStore();
        StateStore withoutForget = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("forget")) {
                        forgetCalls.incrementAndGet();
                        throw new UnsupportedOperationException("this store cannot forget");
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        TimedFixture g = new TimedFixture(withoutForget);
        g.at(OLD);
        g.engine.set("gone", "x");
        g.engine.delete("gone");
        g.engine.set("other", 1);
        g.engine.delete("other");
        RetentionJob job = new RetentionJob(g.log, withoutForget, g.tx, RETENTION, 1000);

        RetentionReport first = job.run(TimedFixture.NOW);
        job.run(TimedFixture.NOW);

        assertEquals(2, first.eventsDeleted(), "the SET events still go");
        assertEquals(0, first.tombstonesRemoved());
        assertEquals(2, g.log.committedHead("gone").orElseThrow().version(), "the rolled-back removal left the head");
        assertEquals(1, g.log.events().stream().filter(e -> e.key().equals("gone")).count());
        assertEquals(1, forgetCalls.get(), "once the store said it cannot, later runs stop asking");
        assertEquals(3, g.engine.set("gone", "back"), "versions keep growing");
    }

    @Test
    void aStoreFailureWhileForgettingLeavesTheDeletedKeyAsItWasAndReleasesTheLock() {
        f.at(OLD);
        f.engine.set("gone", "x");
        f.engine.delete("gone");
        ((SwitchableStore) f.store).failApplies(true);

        assertThrows(IllegalStateException.class, () -> run(1000));

        ((SwitchableStore) f.store).failApplies(false);
        assertEquals(List.of(2L), versionsOf("gone"));
        assertEquals(2, f.log.committedHead("gone").orElseThrow().version());
        assertEquals(new RetentionReport(true, 1, 1, 1, Duration.ZERO), withoutTime(run(1000)),
                "the lock was released, so the next run removes the key");
    }

    @Test
    void wrongRetentionOrBatchSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RetentionJob(f.log, f.store, f.tx, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetentionJob(f.log, f.store, f.tx, Duration.ofDays(-1)));
        assertThrows(IllegalArgumentException.class, () -> new RetentionJob(f.log, f.store, f.tx, RETENTION, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetentionJob(f.log, f.store, f.tx, RETENTION, 10_001));
        assertThrows(NullPointerException.class, () -> new RetentionJob(f.log, f.store, f.tx, null));
    }

    private static RetentionReport withoutTime(RetentionReport r) {
        return new RetentionReport(r.ran(), r.eventsDeleted(), r.tombstonesRemoved(), r.batches(), Duration.ZERO);
    }

    /** The log, recording how many events each deleteEventsBefore call (one transaction) deleted. */
    private static EventLog recording(EventLog log, List<Integer> batchSizes) {
        return (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(log, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("deleteEventsBefore")) {
                        batchSizes.add(((List<?>) result).size());
                    }
                    return result;
                });
    }
}
