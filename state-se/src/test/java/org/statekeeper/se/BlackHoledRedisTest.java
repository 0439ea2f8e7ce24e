package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.testing.support.TcpProxy;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.TestRedis;
import redis.embedded.RedisServer;

/**
 * Redis black-holed (a dropped route: no reset, every byte lost): a commit waits for at most one store
 * timeout, never one per key, and once the store is known to be failing, for none; reads stay correct
 * (from the log); once the route is back, the store gets every change.
 */
class BlackHoledRedisTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void aThousandKeySetAllWaitsForOneTimeoutAtMostAndLaterCommitsForNone() throws Exception {
        int port = TestRedis.freePort();
        RedisServer server = TestRedis.embedded(port);
        server.start();
        String prefix = TestRedis.uniquePrefix();
        RedisClient raw = RedisClient.create("redis://127.0.0.1:" + port);
        try (TcpProxy link = TcpProxy.to("127.0.0.1", port);
                TestDatabase database = TestDatabase.h2().withShippedSchema();
                StatefulRedisConnection<String, String> redis = raw.connect()) {
            EntityManagerFactory factory = database.startHibernate();
            try (StatekeeperSe se = StateManagers.builder().entityManagerFactory(factory)
                    .redis("redis://127.0.0.1:" + link.port()).property("state.redis.key-prefix", prefix)
                    .property("state.redis.timeout", TIMEOUT.toMillis() + "ms")
                    .maintenanceInterval(Duration.ofMillis(200)).build()) {
                se.manager().set("before", "v");

                link.blackHole();
                Map<String, Integer> values = new TreeMap<>();
                for (int i = 0; i < 1000; i++) {
                    values.put("bulk-" + i, i);
                }
                long started = System.nanoTime();
                se.manager().setAll(values);
                long setAllMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                started = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    se.manager().set("single-" + i, i);
                }
                long singlesMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

                // Per key, the setAll alone would wait 1000 timeouts (500 s), the sets 20 (10 s).
                assertTrue(setAllMillis < 10 * TIMEOUT.toMillis(), "setAll of 1000 keys took " + setAllMillis + " ms");
                assertTrue(singlesMillis < 10 * TIMEOUT.toMillis(), "20 sets took " + singlesMillis + " ms");
                assertEquals(Optional.of(999), se.manager().get("bulk-999", Integer.class), "read from the log");
                assertEquals(Optional.of(19), se.manager().get("single-19", Integer.class));

                link.restore();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!("1:19".equals(redis.sync().get(prefix + "v:single-19"))
                        && "1:999".equals(redis.sync().get(prefix + "v:bulk-999")))) {
                    assertTrue(System.nanoTime() < deadline, "the store got the changes once the route was back");
                    Thread.sleep(20);
                }
            } finally {
                factory.close();
            }
        } finally {
            raw.shutdown();
            server.stop();
        }
    }
}
