package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.ChangeType;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StoredValue;
import redis.embedded.RedisServer;
import org.statekeeper.testing.support.TestRedis;

class RedisStoreLifecycleTest {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    @Test
    void closeLeavesNoLettuceOrNettyThreadsBehind() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RedisSettings settings = TestSettings.of(REDIS);
        RedisStateStore store = new RedisStateStore(settings);
        RedisStateStore peer = new RedisStateStore(settings);
        RedisChangeFeed feed = new RedisChangeFeed(store, "node-a", change -> { });
        LinkedBlockingQueue<RemoteChange> heard = new LinkedBlockingQueue<>();
        RedisChangeFeed peerFeed = new RedisChangeFeed(peer, "node-b", heard::add);
        store.apply("k", 1, "\"v\"", Instant.now().plusSeconds(60));
        store.applyAll(List.of(new Head("h", 1, "\"h\"", Instant.now())));
        feed.publish("k", 1, ChangeType.SET);
        assertEquals("k", heard.poll(5, TimeUnit.SECONDS).key());
        assertTrue(newClientThreads(before).size() > 0, "the client did start threads");

        store.clear();
        feed.close();
        peerFeed.close();
        store.close();
        peer.close();

        // Threads stop shortly after their executors terminate; allow them a moment.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!newClientThreads(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), newClientThreads(before));
    }

    @Test
    void closedStoreRefusesCalls() {
        RedisStateStore store = new RedisStateStore(TestSettings.of(REDIS));
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get("k"));
        assertFalse(store.ping());
    }

    @Test
    void storeWhereNothingListensFailsFastInsteadOfHanging() {
        String uri = "redis://127.0.0.1:" + TestRedis.freePort();
        RedisSettings settings = new RedisSettings(uri, null, Duration.ofSeconds(1), TestRedis.uniquePrefix());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RedisStateStore store = new RedisStateStore(settings)) {
                assertThrows(RedisConnectionException.class, () -> store.get("k"));
                assertThrows(RedisConnectionException.class, () -> store.apply("k", 1, "\"v\""));
                assertThrows(RedisConnectionException.class, store::generation);
                assertFalse(store.ping());
                RedisChangeFeed feed = new RedisChangeFeed(store, "node-a", change -> { });
                assertFalse(feed.subscribed());
                assertThrows(RedisException.class, () -> feed.publish("k", 1, ChangeType.SET));
                feed.close();
            }
        });
    }

    @Test
    void storeWorksAgainAfterItsRedisIsStoppedAndRestarted() throws Exception {
        int port = TestRedis.freePort();
        RedisServer server = TestRedis.embedded(port);
        server.start();
        RedisSettings settings = new RedisSettings("redis://127.0.0.1:" + port, null, Duration.ofSeconds(1), "restart:");
        try (RedisStateStore store = new RedisStateStore(settings);
                RedisStateStore peer = new RedisStateStore(settings)) {
            LinkedBlockingQueue<RemoteChange> heard = new LinkedBlockingQueue<>();
            try (RedisChangeFeed feed = new RedisChangeFeed(store, "node-a", change -> { });
                    RedisChangeFeed peerFeed = new RedisChangeFeed(peer, "node-b", heard::add)) {
                store.apply("k", 1, "\"before\"");
                store.markGeneration("g1");
                String epoch = store.epoch().orElseThrow();
                assertEquals(epoch, peer.epoch().orElseThrow(), "one server, one epoch, whichever client asks");

                server.stop();
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    assertThrows(RedisException.class, () -> store.get("k"), "fails while Redis is down");
                    assertThrows(RedisException.class, () -> store.apply("k", 2, "\"during\""));
                    assertFalse(store.ping());
                });

                server.start();
                waitFor(store::ping, "the store reconnects by itself");
                assertNotEquals(epoch, store.epoch().orElseThrow(), "a restarted server is a new epoch");
                assertEquals(Optional.empty(), store.generation(), "a restart without persistence comes back empty");
                assertTrue(store.apply("k", 3, "\"after\""));
                assertEquals(Optional.of(new StoredValue("\"after\"", 3)), store.get("k"));
                store.applyAll(List.of(new Head("bulk", 1, "\"b\"", Instant.now())));
                assertEquals(Optional.of(new StoredValue("\"b\"", 1)), peer.get("bulk"));

                waitFor(peerFeed::subscribed, "the subscription is renewed");
                // The resubscription completes asynchronously after reconnecting; publish until heard.
                waitFor(() -> {
                    feed.publish("k", 3, ChangeType.SET);
                    return pollQuietly(heard) != null;
                }, "the change feed works again");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void storeCreatedWhileRedisIsDownConnectsWhenItComesUp() throws Exception {
        int port = TestRedis.freePort();
        RedisServer server = TestRedis.embedded(port);
        RedisSettings settings = new RedisSettings("redis://127.0.0.1:" + port, null, Duration.ofSeconds(1), "late:");
        try (RedisStateStore store = new RedisStateStore(settings);
                RedisStateStore peer = new RedisStateStore(settings)) {
            LinkedBlockingQueue<RemoteChange> heard = new LinkedBlockingQueue<>();
            try (RedisChangeFeed feed = new RedisChangeFeed(store, "node-a", change -> { });
                    RedisChangeFeed peerFeed = new RedisChangeFeed(peer, "node-b", heard::add)) {
                assertThrows(RedisConnectionException.class, () -> store.get("k"));
                assertFalse(peerFeed.subscribed());

                server.start();
                waitFor(store::ping, "the first connection succeeds once Redis is up");
                waitFor(peerFeed::subscribed, "the feed keeps trying to subscribe");
                feed.publish("k", 1, ChangeType.SET);
                assertEquals("k", heard.poll(5, TimeUnit.SECONDS).key());
            }
        } finally {
            server.stop();
        }
    }

    private static RemoteChange pollQuietly(LinkedBlockingQueue<RemoteChange> queue) {
        try {
            return queue.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RedisException e) {
                // still down
            }
            Thread.sleep(100);
        }
        fail("Timed out waiting until " + what);
    }

    private static List<String> newClientThreads(Set<Thread> before) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().toLowerCase();
            if (t.isAlive() && !before.contains(t) && (name.contains("lettuce") || name.contains("netty")
                    || name.contains("nioeventloop") || name.contains("epoll") || name.contains("globaleventexecutor")
                    || name.contains("objectcleaner") || name.contains("reactor"))) {
                names.add(t.getName());
            }
        }
        return names.stream().sorted().collect(Collectors.toList());
    }
}
