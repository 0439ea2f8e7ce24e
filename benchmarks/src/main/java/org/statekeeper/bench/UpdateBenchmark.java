package org.statekeeper.bench;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.statekeeper.StateManager;

/**
 * Read-modify-write (increment a field of the value) in a transaction of its own, each thread on a
 * key of its own (8 threads, 8 keys): ours {@code update}, the baseline {@code SELECT … FOR UPDATE} +
 * update + insert, commit, then SET.
 */
@State(Scope.Benchmark)
public class UpdateBenchmark {

    /** Keys created at setup; thread {@code i} updates key {@code i}. */
    public static final int KEYS = 8;

    private Infra infra;
    private StateManager state;
    private JdbcBaseline baseline;
    private final AtomicInteger nextThread = new AtomicInteger();

    /** The key one benchmark thread updates. */
    @State(Scope.Thread)
    public static class ThreadKey {
        String key;

        /** Gives each thread its own key. */
        @Setup(Level.Trial)
        public void pick(UpdateBenchmark benchmark) {
            key = "counter:" + Math.floorMod(benchmark.nextThread.getAndIncrement(), KEYS);
        }
    }

    /** Creates the keys on both sides. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(2 * KEYS + 4);
        state = infra.se.manager();
        baseline = new JdbcBaseline(infra);
        for (int i = 0; i < KEYS; i++) {
            state.set("counter:" + i, Item.sample());
            baseline.set("counter:" + i, Item.sample());
        }
    }

    /** Removes every key and the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        baseline.close();
        infra.close();
    }

    /** Ours: {@code update} in the transaction the manager starts and commits. */
    @Benchmark
    public Item ours(ThreadKey thread) {
        return state.update(thread.key, Item.class, Item::incremented);
    }

    /** Baseline: lock the head row, decode, increment, encode, update head, insert event, commit, SET. */
    @Benchmark
    public Item jdbc(ThreadKey thread) {
        return baseline.update(thread.key, Item::incremented);
    }
}
