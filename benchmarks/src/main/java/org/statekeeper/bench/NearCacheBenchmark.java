package org.statekeeper.bench;

import io.lettuce.core.api.sync.RedisCommands;
import jakarta.json.bind.Jsonb;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.statekeeper.StateManager;

/**
 * A typed read of one existing key that every side keeps in the application's memory: ours with the near
 * cache on (a hit), Redisson's {@code RLocalCachedMap.get} (a hit, JSON-B codec), and, as the reference of
 * the 20× floor, the hand-written Lettuce {@code GET} + JSON-B decode. Threads: set by the runner.
 */
@State(Scope.Benchmark)
public class NearCacheBenchmark {

    private static final String KEY = "near";

    private Infra infra;
    private StateManager state;
    private RedisCommands<String, String> lettuce;
    private Jsonb jsonb;
    private RedissonClient redisson;
    private RLocalCachedMap<String, Item> map;

    /** Writes the value once for each side and reads it once, so every cache holds it. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(4, Map.of("state.near-cache", "on"));
        jsonb = infra.jsonb;
        state = infra.se.manager();
        state.set(KEY, Item.sample());
        lettuce = infra.redis.sync();
        lettuce.set(Infra.BASELINE_PREFIX + KEY, jsonb.toJson(Item.sample()));
        redisson = Redisson.create(GetBenchmark.redissonConfig());
        map = redisson.getLocalCachedMap(LocalCachedMapOptions.<String, Item>name(Infra.KEY_ROOT + "redisson-local")
                .codec(new JsonbRedissonCodec(jsonb, Item.class)));
        map.fastPut(KEY, Item.sample());
        if (!Item.sample().equals(ours()) || !Item.sample().equals(lettuce()) || !Item.sample().equals(redisson())) {
            throw new IllegalStateException("a side does not read back the value it wrote");
        }
    }

    /** Stops Redisson and removes every key and the schema; fails if our reads were not served from memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        var stats = infra.se.monitor().nearCache().orElseThrow();
        redisson.shutdown();
        infra.close();
        if (stats.hitRatio() < 0.99) {
            throw new IllegalStateException("the near cache served too few reads: " + stats);
        }
    }

    /** Ours: {@code StateManager.get}, a near-cache hit. */
    @Benchmark
    public Item ours() {
        return state.get(KEY, Item.class).orElseThrow();
    }

    /** Baseline: Lettuce sync GET, then JSON-B decode. */
    @Benchmark
    public Item lettuce() {
        return jsonb.fromJson(lettuce.get(Infra.BASELINE_PREFIX + KEY), Item.class);
    }

    /** Peer: Redisson {@code RLocalCachedMap.get}, a local hit. */
    @Benchmark
    public Item redisson() {
        return map.get(KEY);
    }
}
