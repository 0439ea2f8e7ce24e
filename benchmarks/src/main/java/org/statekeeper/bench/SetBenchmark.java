package org.statekeeper.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.statekeeper.StateManager;

/**
 * A blind write of one key in a transaction of its own, logged in PostgreSQL and then written to
 * Redis: ours {@code StateManager.set} outside a transaction, the baseline hand-written JDBC + Lettuce.
 */
@State(Scope.Benchmark)
public class SetBenchmark {

    private static final String KEY = "set";

    private Infra infra;
    private StateManager state;
    private JdbcBaseline baseline;
    private final Item value = Item.sample();

    /** Creates the key on both sides, so every measured write moves an existing head. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(4);
        state = infra.se.manager();
        baseline = new JdbcBaseline(infra);
        state.set(KEY, value);
        baseline.set(KEY, value);
    }

    /** Removes every key and the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        baseline.close();
        infra.close();
    }

    /** Ours: {@code set} in the transaction the manager starts and commits. */
    @Benchmark
    public long ours() {
        return state.set(KEY, value);
    }

    /** Baseline: upsert head + insert event, commit, then Lettuce SET. */
    @Benchmark
    public long jdbc() {
        return baseline.set(KEY, value);
    }
}
