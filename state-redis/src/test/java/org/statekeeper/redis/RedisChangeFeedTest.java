package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statekeeper.ChangeType;
import org.statekeeper.testing.support.TestRedis;

class RedisChangeFeedTest {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    private final List<AutoCloseable> open = new ArrayList<>();
    private final BlockingQueue<RemoteChange> seenByA = new LinkedBlockingQueue<>();
    private final BlockingQueue<RemoteChange> seenByB = new LinkedBlockingQueue<>();
    private RedisSettings settings;
    private RedisChangeFeed feedA;
    private RedisChangeFeed feedB;

    @BeforeEach
    void openFeeds() {
        settings = TestSettings.of(REDIS);
        // Two stores stand for two nodes, each with its own client.
        feedA = feed(settings, "node-a", seenByA);
        feedB = feed(settings, "node-b", seenByB);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RedisChangeFeed feed(RedisSettings s, String nodeId, BlockingQueue<RemoteChange> sink) {
        RedisStateStore store = new RedisStateStore(s);
        open.add(store);
        RedisChangeFeed feed = new RedisChangeFeed(store, nodeId, sink::add);
        open.add(feed);
        assertTrue(feed.subscribed(), "subscribed when the constructor returns");
        return feed;
    }

    @Test
    void twoNodesSeeEachOthersChangesButNotTheirOwn() throws InterruptedException {
        feedA.publish("cart:1", 3, ChangeType.SET);
        feedB.publish("cart:2", 7, ChangeType.DELETE);

        assertEquals(new RemoteChange("cart:1", 3, ChangeType.SET, "node-a"), seenByB.poll(5, TimeUnit.SECONDS));
        // Redis delivers in publish order, so A's own earlier message would have come first.
        assertEquals(new RemoteChange("cart:2", 7, ChangeType.DELETE, "node-b"), seenByA.poll(5, TimeUnit.SECONDS));
        assertNull(seenByA.poll(200, TimeUnit.MILLISECONDS));
        assertNull(seenByB.poll(200, TimeUnit.MILLISECONDS));
    }

    /** Waits until {@code feed} vouches for delivery and returns its continuity then. */
    private static long awaitContinuity(RedisChangeFeed feed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long c;
        while ((c = feed.continuity()) < 0) {
            assertTrue(System.nanoTime() < deadline, "the feed never vouched for delivery");
            Thread.sleep(10);
        }
        return c;
    }

    @Test
    void aFeedVouchesForDeliveryOnceItsOwnPingsComeBackAndNotWhileRedisIsPaused() throws Exception {
        feedA.publish("warm", 1, ChangeType.SET); // the store connects on first use; pings need it open
        long before = awaitContinuity(feedA);
        RedisStateStore paused = new RedisStateStore(settings);
        open.add(paused);
        paused.commands().clientPause(1500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feedA.continuity() >= 0) {
            assertTrue(System.nanoTime() < deadline, "still vouching while no ping comes back");
            Thread.sleep(10);
        }
        assertEquals(before, awaitContinuity(feedA), "pings late, none lost: the same continuity after the pause");
    }

    @Test
    void unannouncedWritesOfOneNodeChangeTheOthersContinuity() throws Exception {
        feedB.publish("warm", 1, ChangeType.SET);
        awaitContinuity(feedB);
        feedA.publish("marker", 1, ChangeType.SET);
        assertEquals(new RemoteChange("marker", 1, ChangeType.SET, "node-a"), seenByB.poll(5, TimeUnit.SECONDS),
                "node b follows node a's numbers from here");
        long before = awaitContinuity(feedB);
        feedA.reportUnannouncedWrites();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feedB.continuity() == before || feedB.continuity() < 0) {
            assertTrue(System.nanoTime() < deadline, "node b never saw the gap");
            Thread.sleep(10);
        }
    }

    @Test
    void awkwardKeysArriveUnchanged() throws InterruptedException {
        List<String> keys = List.of("a:b:c", "with space", "1:x", "sk1 SET 1 6:node-b 1:k", "ünïcødé 🎉",
                "tab\tnew\nline", "", " ", "5:short", "{\"json\":true}");
        long version = 1;
        for (String key : keys) {
            feedA.publish(key, version++, ChangeType.EXPIRE);
        }
        version = 1;
        for (String key : keys) {
            assertEquals(new RemoteChange(key, version++, ChangeType.EXPIRE, "node-a"), seenByB.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void nodeIdsWithSeparatorsAreTakenWhole() throws InterruptedException {
        BlockingQueue<RemoteChange> seenByC = new LinkedBlockingQueue<>();
        feed(settings, "node a:1 2:x", seenByC);
        feedA.publish("k", 1, ChangeType.SET);
        assertEquals(new RemoteChange("k", 1, ChangeType.SET, "node-a"), seenByC.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void feedsWithAnotherKeyPrefixHearNothing() throws InterruptedException {
        BlockingQueue<RemoteChange> elsewhere = new LinkedBlockingQueue<>();
        feed(TestSettings.of(REDIS), "node-c", elsewhere);
        feedA.publish("k", 1, ChangeType.SET);
        assertEquals("k", seenByB.poll(5, TimeUnit.SECONDS).key());
        assertNull(elsewhere.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void malformedAndForeignMessagesAreIgnored() throws InterruptedException {
        REDIS.raw().publish(feedA.channel(), "hello");
        REDIS.raw().publish(feedA.channel(), "sk1 SET 1 99:node-x 1:k");
        REDIS.raw().publish(feedA.channel(), "sk1 RENAME 1 6:node-x 1:k");
        REDIS.raw().publish(feedA.channel(), "sk9 anything a later version may send");
        feedA.publish("after", 2, ChangeType.SET);
        assertEquals(new RemoteChange("after", 2, ChangeType.SET, "node-a"), seenByB.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void failingListenerDoesNotStopDelivery() throws InterruptedException {
        BlockingQueue<RemoteChange> delivered = new LinkedBlockingQueue<>();
        feed(settings, "node-c", change -> {
            delivered.add(change);
            throw new IllegalStateException("listener bug");
        });
        feedA.publish("one", 1, ChangeType.SET);
        feedA.publish("two", 2, ChangeType.SET);
        assertEquals("one", delivered.poll(5, TimeUnit.SECONDS).key());
        assertEquals("two", delivered.poll(5, TimeUnit.SECONDS).key());
    }

    @Test
    void closedFeedStopsDelivering() throws Exception {
        feedB.close();
        assertFalse(feedB.subscribed());
        feedA.publish("k", 1, ChangeType.SET);
        assertNull(seenByB.poll(300, TimeUnit.MILLISECONDS));
    }

    private RedisChangeFeed feed(RedisSettings s, String nodeId, java.util.function.Consumer<RemoteChange> listener) {
        RedisStateStore store = new RedisStateStore(s);
        open.add(store);
        RedisChangeFeed feed = new RedisChangeFeed(store, nodeId, listener);
        open.add(feed);
        return feed;
    }
}
