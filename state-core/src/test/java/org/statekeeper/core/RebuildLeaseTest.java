package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.TimedFixture.MutableClock;

/**
 * A rebuild longer than its lock's lease keeps the lock (it renews it page by page), and a rebuild that
 * lost it anyway never marks the store complete: otherwise a second node could clear the store under the
 * first, and the first to finish would mark a half-loaded store complete.
 */
class RebuildLeaseTest {

    private static final int KEYS = 2 * StoreLoader.PAGE + 500;

    private final MutableClock clock = new MutableClock(TimedFixture.NOW);
    private final SwitchableStore store = new SwitchableStore(new InMemoryStateStore(clock));
    private final FakeTransactions tx = new FakeTransactions();
    private StateEngine engine;

    @BeforeEach
    void aLogOfThreePages() {
        engine = new StateEngine(new EngineParts(store, new FakeEventLog(tx), new JsonbCodec(), tx, Limits.DEFAULTS,
                () -> "alice", "node-a", change -> { }, clock));
        tx.required(() -> {
            for (int i = 0; i < KEYS; i++) {
                engine.set("k" + i, i);
            }
            return null;
        });
    }

    /** While the rebuild loads, moves the clock on by {@code step} after each page's worth of writes. */
    private void everyPage(Duration step, Runnable then) {
        AtomicInteger applies = new AtomicInteger();
        store.beforeApply((key, version) -> {
            if (applies.incrementAndGet() % StoreLoader.PAGE == 0) {
                clock.set(clock.instant().plus(step));
                then.run();
            }
        });
    }

    @Test
    void aRebuildLongerThanItsLeaseRenewsTheLockSoNoOtherNodeCanTakeIt() {
        AtomicBoolean taken = new AtomicBoolean();
        // Each page takes 60% of the lease: without renewal the lease runs out during the second page.
        everyPage(StoreSync.REBUILD_LEASE.multipliedBy(6).dividedBy(10),
                () -> taken.compareAndSet(false, store.tryLock("rebuild", "node-b", StoreSync.REBUILD_LEASE)));

        assertTrue(engine.storeSync().rebuild().isPresent());

        assertFalse(taken.get(), "another node took the rebuild lock while this rebuild was loading");
        assertTrue(store.generation().isPresent());
        assertEquals(Optional.of(KEYS - 1), engine.get("k" + (KEYS - 1), Integer.class));
    }

    @Test
    void aRebuildThatLostItsLockStopsWithoutMarkingTheStoreComplete() {
        AtomicBoolean taken = new AtomicBoolean();
        // A page stalls past the whole lease (a long GC pause, a slow store): another node takes the lock.
        everyPage(StoreSync.REBUILD_LEASE.plusMinutes(1),
                () -> taken.compareAndSet(false, store.tryLock("rebuild", "node-b", StoreSync.REBUILD_LEASE)));

        assertEquals(Optional.empty(), engine.storeSync().rebuild());

        assertTrue(taken.get(), "the other node got the lock once the lease ran out");
        assertEquals(Optional.empty(), store.generation(), "a half-loaded store must not be marked complete");
        assertFalse(engine.storeSync().isServing());
    }
}
