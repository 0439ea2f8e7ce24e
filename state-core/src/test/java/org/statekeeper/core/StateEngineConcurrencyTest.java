package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConflictException;
import org.statekeeper.Versioned;
import org.statekeeper.spi.LoggedChange;

/** Many callers on one key: the engine must serialise through the log's row lock. */
class StateEngineConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 200;

    private final EngineFixture f = new EngineFixture();
    private final StateEngine engine = f.engine;

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        runConcurrently(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                engine.update("counter", Integer.class, v -> {
                    // Widens the read-modify-write window so a missing lock shows up as lost updates.
                    Thread.yield();
                    return v == null ? 1 : v + 1;
                });
            }
            return null;
        });

        int total = THREADS * PER_THREAD;
        assertEquals(Optional.of(new Versioned<>(total, (long) total)), engine.getVersioned("counter", Integer.class));
        assertEquals(total, f.log.committedHead("counter").orElseThrow().version());
        assertVersionsAreOneToN("counter", total);
    }

    @Test
    void blindSetNeverConflicts() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        runConcurrently(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                try {
                    engine.set("shared", Thread.currentThread().getName() + "-" + i);
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
            return null;
        });

        int total = THREADS * PER_THREAD;
        assertEquals(0, failures.get());
        assertVersionsAreOneToN("shared", total);
        // The store, fed out of order by many committers, must end on the last committed version.
        assertEquals(total, f.store.get("shared").orElseThrow().version());
        assertEquals(f.log.committedHead("shared").orElseThrow().json(), f.store.get("shared").orElseThrow().json());
    }

    @Test
    void concurrentCompareAndSetLetsExactlyOneWinnerPerVersion() throws Exception {
        engine.set("slot", 0);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        runConcurrently(() -> {
            for (int i = 0; i < PER_THREAD / 4; i++) {
                Versioned<Integer> seen = engine.getVersioned("slot", Integer.class).orElseThrow();
                Thread.yield();
                try {
                    engine.compareAndSet("slot", seen.version(), seen.value() + 1);
                    wins.incrementAndGet();
                } catch (StateConflictException e) {
                    conflicts.incrementAndGet();
                }
            }
            return null;
        });

        assertEquals(THREADS * (PER_THREAD / 4), wins.get() + conflicts.get());
        // Each success moved the value by one from the version it read, so none was lost.
        Versioned<Integer> end = engine.getVersioned("slot", Integer.class).orElseThrow();
        assertEquals(wins.get(), end.value());
        assertEquals(wins.get() + 1L, end.version());
    }

    private void runConcurrently(Callable<Void> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return work.call();
                }));
            }
            for (Future<Void> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertVersionsAreOneToN(String key, int n) {
        List<Long> versions = f.log.events().stream().filter(e -> e.key().equals(key))
                .map(LoggedChange::version).toList();
        assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), versions);
        assertTrue(f.log.events().stream().allMatch(e -> e.sequence() > 0));
    }
}
