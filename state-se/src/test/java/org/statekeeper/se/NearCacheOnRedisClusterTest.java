package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.TestRedis;
import redis.embedded.RedisShardedCluster;

/**
 * The near cache on a real three-master Redis Cluster: keys on every master, each node subscribed through
 * one of them, and every other node's changes still reach its copies (pub/sub is broadcast to the whole
 * cluster), as do its pings (the feed vouches for delivery, so reads are served from memory).
 */
class NearCacheOnRedisClusterTest {

    @Test
    void changesOfKeysOnEveryMasterReachTheOtherNodesCopies() throws Exception {
        RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster().ephemeral()
                .shard("one", 0).shard("two", 0).shard("three", 0).build();
        cluster.start();
        try (TestDatabase database = TestDatabase.h2().withShippedSchema()) {
            awaitFormed(cluster);
            String uri = cluster.serverPorts().stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
            EntityManagerFactory factory = database.startHibernate();
            String prefix = TestRedis.uniquePrefix();
            try (StatekeeperSe a = node(factory, "a", uri, prefix); StatekeeperSe b = node(factory, "b", uri, prefix)) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    keys.add("key-" + i);
                    a.manager().set("key-" + i, 1);
                }
                assertTrue(mastersHolding(cluster, prefix, keys).size() == 3, "the keys are spread over every master");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                // b serves the keys from memory once its pings come back through the cluster.
                while (b.monitor().nearCache().orElseThrow().hits() < keys.size()) {
                    assertTrue(System.nanoTime() < deadline, "b never served from memory: " + b.monitor().nearCache());
                    for (String key : keys) {
                        assertEquals(Optional.of(1), b.manager().get(key, Integer.class));
                    }
                }
                for (String key : keys) {
                    a.manager().set(key, 2);
                }
                for (String key : keys) {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (!b.manager().get(key, Integer.class).equals(Optional.of(2))) {
                        assertTrue(System.nanoTime() < until, key + " still read as 1 on b: " + b.monitor().nearCache());
                        Thread.sleep(1);
                    }
                }
                assertTrue(b.monitor().nearCache().orElseThrow().invalidations() >= keys.size(),
                        b.monitor().nearCache().toString());
            } finally {
                factory.close();
            }
        } finally {
            cluster.stop();
        }
    }

    private static StatekeeperSe node(EntityManagerFactory factory, String id, String uri, String prefix) {
        return StateManagers.builder().entityManagerFactory(factory).nodeId(id).redis(uri)
                .property("state.redis.key-prefix", prefix).property("state.near-cache", "on")
                .property("state.near-cache.ttl", "1h").maintenanceInterval(Duration.ofMillis(200)).build();
    }

    private static Set<Integer> mastersHolding(RedisShardedCluster cluster, String prefix, List<String> keys) {
        Set<Integer> ports = new TreeSet<>();
        for (int port : cluster.serverPorts()) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                if (!c.sync().keys(prefix + "v:*").isEmpty()) {
                    ports.add(port);
                }
            } finally {
                client.shutdown();
            }
        }
        return ports;
    }

    private static void awaitFormed(RedisShardedCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ok = true;
            for (int port : cluster.serverPorts()) {
                RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    String info = c.sync().clusterInfo();
                    ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
                } finally {
                    client.shutdown();
                }
            }
            if (ok) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the embedded Redis Cluster did not form");
            Thread.sleep(100);
        }
    }
}
