package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.statekeeper.testing.support.TcpProxy;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.TestRedis;
import redis.embedded.RedisServer;

/**
 * Two nodes share one database and one Redis; node a reaches Redis through a link the test cuts, as a
 * partition would, while node b still reaches it. Node a's commits succeed, it cannot put them in Redis
 * nor announce them, and says so in its mark in the database: node b puts them in Redis and reads them,
 * within two heal intervals (here 200 ms each) of the commit, not the previous value for as long as
 * the partition lasts.
 */
class OneNodeCutOffFromRedisTest {

    private static final Duration HEAL = Duration.ofMillis(200);
    /** Two heal intervals, with room for a slow machine: what the README promises is 2 × heal interval. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    private static long awaitMillis(BooleanSupplier condition, String what) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not so after 30 s: " + what);
            }
            Thread.sleep(10);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @Test
    void theOtherNodePutsTheCutOffNodesCommitInRedisWithinTwoHealIntervals() throws Exception {
        int port = TestRedis.freePort();
        RedisServer server = TestRedis.embedded(port);
        server.start();
        String prefix = TestRedis.uniquePrefix();
        RedisClient raw = RedisClient.create("redis://127.0.0.1:" + port);
        try (TcpProxy link = TcpProxy.to("127.0.0.1", port);
                TestDatabase database = TestDatabase.h2().withShippedSchema()) {
            EntityManagerFactory factory = database.startHibernate();
            try (StatekeeperSe a = node(factory, "node-a", "redis://127.0.0.1:" + link.port(), prefix);
                    StatekeeperSe b = node(factory, "node-b", "redis://127.0.0.1:" + port, prefix);
                    StatefulRedisConnection<String, String> redis = raw.connect()) {
                a.manager().set("k", "v1");
                assertEquals(Optional.of("v1"), b.manager().get("k", String.class));

                link.cut();
                assertEquals(2, a.manager().set("k", "v2"), "the commit succeeds: the log is the truth");
                long seenAfter = awaitMillis(() -> b.manager().get("k", String.class).equals(Optional.of("v2")),
                        "node b reads the cut-off node's commit");

                assertTrue(seenAfter <= BOUND.toMillis(), "read " + seenAfter + " ms after the commit");
                assertEquals("2:\"v2\"", redis.sync().get(prefix + "v:k"), "node b put it in Redis");
                assertEquals(Optional.of("v2"), a.manager().get("k", String.class), "node a reads its own from the log");
            } finally {
                factory.close();
            }
        } finally {
            raw.shutdown();
            server.stop();
        }
    }

    private static StatekeeperSe node(EntityManagerFactory factory, String id, String redis, String prefix) {
        return StateManagers.builder().entityManagerFactory(factory).nodeId(id).redis(redis)
                .property("state.redis.key-prefix", prefix).property("state.redis.timeout", "500ms")
                .maintenanceInterval(HEAL).build();
    }
}
