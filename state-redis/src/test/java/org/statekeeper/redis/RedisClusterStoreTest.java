package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.redis.RedisSettings.ClientType;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StoredValue;
import redis.embedded.RedisShardedCluster;
import org.statekeeper.spi.StateStore;
import org.statekeeper.testing.store.StateStoreContract;
import org.statekeeper.testing.support.TestRedis;

/**
 * The store contract in cluster mode, against a real three-master Redis Cluster from the embedded-redis
 * artifact, and what only a cluster shows: keys on every master, scripts and the change feed across them.
 */
class RedisClusterStoreTest extends StateStoreContract {

    private static RedisShardedCluster cluster;
    private static String uri;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisShardedCluster.newRedisCluster()
                .ephemeral() // before the shards, which take their ports from it
                .shard("one", 0)
                .shard("two", 0)
                .shard("three", 0)
                .build();
        cluster.start();
        uri = cluster.serverPorts().stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
        awaitClusterFormed();
    }

    /** Waits until every node serves all slots and knows every other node, which gossip takes a moment to settle. */
    private static void awaitClusterFormed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> infos = new ArrayList<>();
            forEachMaster(c -> infos.add(c.sync().clusterInfo()));
            if (infos.stream().allMatch(i -> i.contains("cluster_state:ok") && i.contains("cluster_known_nodes:3")
                    && i.contains("cluster_slots_ok:16384"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The embedded Redis Cluster did not form: " + infos);
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.stop();
    }

    @Override
    protected StateStore openStore() {
        return new RedisStateStore(new RedisSettings(uri, null, Duration.ofSeconds(5), TestRedis.uniquePrefix()));
    }

    @Override
    protected void closeStore(StateStore opened) {
        ((RedisStateStore) opened).close();
    }

    private RedisStateStore cluster() {
        return (RedisStateStore) store;
    }

    @AfterEach
    void closeEverythingOpened() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RedisStateStore open(String prefix) {
        RedisStateStore s = new RedisStateStore(new RedisSettings(uri, null, Duration.ofSeconds(2), prefix));
        open.add(s);
        return s;
    }

    @Test
    void severalHostsMeanClusterMode() {
        assertEquals(ClientType.CLUSTER, cluster().settings().clientType());
        assertTrue(cluster().ping());
    }

    @Test
    void theEpochOfAClusterNamesEveryMastersLife() {
        String epoch = cluster().epoch().orElseThrow();
        assertEquals(3, epoch.split(",").length, epoch);
        assertEquals(epoch, cluster().epoch().orElseThrow(), "stable while no master restarts");
    }

    @Test
    void versionGuardedWritesWorkForKeysInEverySlot() {
        for (int i = 0; i < 300; i++) {
            assertTrue(store.apply("key:" + i, 2, "\"" + i + "\""));
            assertFalse(store.apply("key:" + i, 1, "\"old\""));
        }
        assertTrue(store.delete("key:7", 3));
        assertTrue(store.apply("exp", 1, "\"x\"", Instant.now().minusSeconds(1)));
        for (int i = 0; i < 300; i++) {
            Optional<StoredValue> expected = i == 7 ? Optional.empty() : Optional.of(new StoredValue("\"" + i + "\"", 2));
            assertEquals(expected, store.get("key:" + i));
        }
        assertEquals(Optional.empty(), store.get("exp"));
    }

    @Test
    void applyAllPipelinesAcrossMasters() {
        List<Head> heads = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            heads.add(new Head("bulk " + i, i + 1, "{\"n\":" + i + "}", Instant.now()));
        }
        store.applyAll(heads);
        for (Head head : heads) {
            assertEquals(Optional.of(new StoredValue(head.json(), head.version())), store.get(head.key()));
        }
    }

    @Test
    void clearScansEveryMasterAndKeepsOtherPrefixes() {
        RedisStateStore other = open(TestRedis.uniquePrefix());
        for (int i = 0; i < 2000; i++) {
            store.apply("k" + i, 1, "\"v\"");
        }
        store.markGeneration("g");
        other.apply("k1", 1, "\"theirs\"");
        assertTrue(keysPerMaster(cluster().settings().keyPrefix()).stream().allMatch(n -> n > 0), "keys on every master");

        store.clear();

        assertEquals(List.of(0L, 0L, 0L), keysPerMaster(cluster().settings().keyPrefix()));
        assertEquals(Optional.empty(), store.generation());
        assertEquals(Optional.of(new StoredValue("\"theirs\"", 1)), other.get("k1"));
        other.clear();
    }

    @Test
    void scriptsSurviveScriptFlushOnEveryMaster() {
        assertTrue(store.apply("a", 1, "\"1\""));
        forEachMaster(c -> c.sync().scriptFlush());
        assertTrue(store.apply("a", 2, "\"2\""));
        assertTrue(store.tryLock("l", "me", Duration.ofSeconds(5)));
        store.unlock("l", "me");
        forEachMaster(c -> c.sync().scriptFlush());
        List<Head> heads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            heads.add(new Head("s" + i, 1, "\"" + i + "\"", Instant.now()));
        }
        store.applyAll(heads);
        assertEquals(Optional.of(new StoredValue("\"99\"", 1)), store.get("s99"));
    }

    @Test
    void changeFeedReachesNodesConnectedToOtherMasters() throws InterruptedException {
        RedisStateStore peer = open(cluster().settings().keyPrefix());
        LinkedBlockingQueue<RemoteChange> heard = new LinkedBlockingQueue<>();
        RedisChangeFeed feed = new RedisChangeFeed(cluster(), "node-a", change -> { });
        open.add(feed);
        RedisChangeFeed peerFeed = new RedisChangeFeed(peer, "node-b", heard::add);
        open.add(peerFeed);
        feed.publish("cart: 1", 4, ChangeType.SET);
        assertEquals(new RemoteChange("cart: 1", 4, ChangeType.SET, "node-a"), heard.poll(5, TimeUnit.SECONDS));
    }

    private static List<Long> keysPerMaster(String prefix) {
        List<Long> counts = new ArrayList<>();
        forEachMaster(c -> counts.add((long) c.sync().keys(RedisStateStore.globEscape(prefix) + "*").size()));
        return counts;
    }

    private static void forEachMaster(java.util.function.Consumer<StatefulRedisConnection<String, String>> action) {
        for (int port : cluster.serverPorts()) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                action.accept(c);
            } finally {
                client.shutdown();
            }
        }
    }
}
