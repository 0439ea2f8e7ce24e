package org.statekeeper.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.statekeeper.VerifyReport;
import org.statekeeper.testing.support.TestDatabase;
import org.statekeeper.testing.support.TestRedis;
import redis.embedded.RedisServer;

/**
 * Redis restarted from an older RDB snapshot (its default persistence) comes back with the generation
 * marker and the data of the snapshot: writes acknowledged after it are lost from Redis. Statekeeper sees
 * the server's new run id and puts them back from the log, and reads return the newest values.
 */
class RedisSnapshotRestartTest {

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not so after 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void writesLostByASnapshotRestartAreAppliedAgainFromTheLog() throws Exception {
        int port = TestRedis.freePort();
        Path dir = Files.createTempDirectory("sk-rdb-");
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("dir " + dir.toAbsolutePath()).setting("dbfilename dump.rdb")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        String prefix = TestRedis.uniquePrefix();
        RedisClient raw = RedisClient.create("redis://127.0.0.1:" + port);
        try (TestDatabase database = TestDatabase.h2().withShippedSchema()) {
            EntityManagerFactory factory = database.startHibernate();
            try (StatekeeperSe se = StateManagers.builder().entityManagerFactory(factory)
                    .redis("redis://127.0.0.1:" + port).property("state.redis.key-prefix", prefix)
                    .maintenanceInterval(Duration.ofMillis(200)).build();
                    StatefulRedisConnection<String, String> connection = raw.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                se.manager().set("k", "v1");
                assertEquals("OK", redis.save(), "the snapshot: k at v1");
                se.manager().set("k", "v2");
                se.manager().set("created-after", "x");

                server.stop();
                server.start(); // loads dump.rdb: k at v1, no created-after, the marker of the snapshot
                await(() -> {
                    try {
                        return "1:\"v1\"".equals(redis.get(prefix + "v:k")) || "2:\"v2\"".equals(redis.get(prefix + "v:k"));
                    } catch (RuntimeException reconnecting) {
                        return false;
                    }
                }, "Redis is back");

                await(() -> "2:\"v2\"".equals(redis.get(prefix + "v:k")) && redis.exists(prefix + "v:created-after") == 1,
                        "the writes the snapshot lost are back in Redis");
                assertEquals(Optional.of("v2"), se.manager().get("k", String.class));
                assertEquals(Optional.of("x"), se.manager().get("created-after", String.class));
                VerifyReport report = se.recovery().verify();
                assertTrue(report.consistent(), report.toString());
            } finally {
                factory.close();
            }
        } finally {
            raw.shutdown();
            server.stop();
        }
    }
}
