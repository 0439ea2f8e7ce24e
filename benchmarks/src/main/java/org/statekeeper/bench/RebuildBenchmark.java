package org.statekeeper.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loading Redis from the head table ({@code keys} rows): ours {@code RecoveryManager.rebuild()} (clear the
 * namespace, page through the heads with JPA, pipelined version-guarded writes, generation marker),
 * the baseline a streamed JDBC scan and pipelined plain SETs. One operation = one whole load.
 */
@State(Scope.Benchmark)
public class RebuildBenchmark {

    /** Head rows in the table. */
    @Param({"100000", "1000000"})
    public int keys;

    private Infra infra;
    private JdbcBaseline baseline;

    /** Fills the head table with {@code keys} rows of the sample value in one statement. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(4);
        baseline = new JdbcBaseline(infra);
        String json = infra.jsonb.toJson(Item.sample()).replace("'", "''");
        infra.sql("INSERT INTO sk_head (state_key, version_no, value_json, time_us)"
                + " SELECT 'item:' || lpad(g::text, 8, '0'), 1, '" + json + "', 0 FROM generate_series(1, " + keys + ") g",
                "ANALYZE sk_head");
    }

    /** Removes every key and the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        baseline.close();
        infra.close();
    }

    /** Ours: the operator's rebuild. */
    @Benchmark
    public Object ours() {
        return infra.se.recovery().rebuild();
    }

    /** Baseline: JDBC scan of the head table, Lettuce pipelined SET. */
    @Benchmark
    public long jdbc() {
        return baseline.rebuild();
    }
}
