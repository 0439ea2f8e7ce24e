package org.statekeeper.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.statekeeper.StateManager;
import org.statekeeper.se.StatekeeperSe;

/**
 * A thousand blind writes of a thousand existing keys in one transaction (one operation = the whole
 * transaction): ours as one {@code setAll} and as a thousand {@code set} calls in {@code inTransaction},
 * the baseline with JDBC batching and pipelined SETs.
 */
@State(Scope.Benchmark)
public class BatchSetBenchmark {

    /** Writes per transaction. */
    public static final int BATCH = 1000;

    private Infra infra;
    private StatekeeperSe se;
    private StateManager state;
    private JdbcBaseline baseline;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Item value = Item.sample();

    /** Creates the keys on both sides. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(4);
        se = infra.se;
        state = se.manager();
        baseline = new JdbcBaseline(infra);
        for (int i = 0; i < BATCH; i++) {
            keys.add("batch:" + i);
            values.put("batch:" + i, value);
        }
        ours();
        jdbc();
    }

    /** Removes every key and the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        baseline.close();
        infra.close();
    }

    /** Ours: a thousand {@code set}s in one resource-local transaction. */
    @Benchmark
    public long ours() {
        return se.inTransaction(() -> {
            long sum = 0;
            for (String key : keys) {
                sum += state.set(key, value);
            }
            return sum;
        });
    }

    /** Ours, the batch API: one {@code setAll} of the thousand keys (locked in two queries, JDBC-batched). */
    @Benchmark
    public long oursSetAll() {
        return state.setAll(values).size();
    }

    /** Baseline: the same writes, JDBC-batched, then pipelined SETs. */
    @Benchmark
    public int jdbc() {
        baseline.setAll(keys, value);
        return keys.size();
    }
}
