package org.statekeeper.bench;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.json.bind.Jsonb;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.statekeeper.StateManager;

/**
 * A typed read of one existing key, outside a transaction: ours from the Redis store, the
 * hand-written Lettuce sync {@code GET} + JSON-B decode, and Redisson's {@code RBucket.get} with a
 * JSON-B codec. The thread count is set by the runner (1 and 8).
 */
@State(Scope.Benchmark)
public class GetBenchmark {

    private static final String KEY = "get";

    private Infra infra;
    private StateManager state;
    private RedisCommands<String, String> lettuce;
    private Jsonb jsonb;
    private RedissonClient redisson;
    private RBucket<Item> bucket;

    /** Writes the value once for each side and connects Redisson. */
    @Setup(Level.Trial)
    public void setUp() {
        infra = new Infra(4);
        jsonb = infra.jsonb;
        state = infra.se.manager();
        state.set(KEY, Item.sample());
        lettuce = infra.redis.sync();
        lettuce.set(Infra.BASELINE_PREFIX + KEY, jsonb.toJson(Item.sample()));
        redisson = Redisson.create(redissonConfig());
        bucket = redisson.getBucket(Infra.KEY_ROOT + "redisson:" + KEY, new JsonbRedissonCodec(jsonb, Item.class));
        bucket.set(Item.sample());
        if (!Item.sample().equals(ours()) || !Item.sample().equals(lettuce()) || !Item.sample().equals(redisson())) {
            throw new IllegalStateException("a side does not read back the value it wrote");
        }
    }

    /** Stops Redisson and removes every key and the schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        redisson.shutdown();
        infra.close();
    }

    /** Ours: {@code StateManager.get} on the Redis store. */
    @Benchmark
    public Item ours() {
        return state.get(KEY, Item.class).orElseThrow();
    }

    /** Baseline: Lettuce sync GET, then JSON-B decode. */
    @Benchmark
    public Item lettuce() {
        return jsonb.fromJson(lettuce.get(Infra.BASELINE_PREFIX + KEY), Item.class);
    }

    /** Peer: Redisson {@code RBucket.get} with a JSON-B codec. */
    @Benchmark
    public Item redisson() {
        return bucket.get();
    }

    static Config redissonConfig() {
        RedisURI uri = RedisURI.create(Infra.REDIS_URI);
        Config config = new Config();
        SingleServerConfig server = config.useSingleServer()
                .setAddress((uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort())
                .setDatabase(uri.getDatabase());
        if (uri.getPassword() != null) {
            server.setPassword(new String(uri.getPassword()));
        }
        if (uri.getUsername() != null) {
            server.setUsername(uri.getUsername());
        }
        return config;
    }
}
