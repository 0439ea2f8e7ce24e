package org.statekeeper.bench;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.statekeeper.StateManager;

/**
 * A 90/10 read/write mix on 100 keys (reads {@code get}, writes {@code set} in a transaction of their own),
 * the same with the near cache on and off: what the cache buys an application whose reads dominate. One
 * operation is one read or one write; the thread count is set by the runner (8).
 */
@State(Scope.Benchmark)
public class MixBenchmark {

    private static final int KEYS = 100;

    /** Whether the near cache is on. */
    @Param({"on", "off"})
    public String nearCache;

    private Infra infra;
    private StateManager state;

    /** Creates the keys. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(12, Map.of("state.near-cache", nearCache));
        state = infra.se.manager();
        for (int i = 0; i < KEYS; i++) {
            state.set("mix:" + i, Item.sample());
        }
    }

    /** Removes every key and the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        infra.close();
    }

    /** One read (9 in 10) or one write (1 in 10) of a random key. */
    @Benchmark
    public Object mix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String key = "mix:" + random.nextInt(KEYS);
        if (random.nextInt(10) == 0) {
            return state.set(key, Item.sample());
        }
        return state.get(key, Item.class).orElseThrow();
    }
}
