package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.TimedFixture.MutableClock;
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.core.nearcache.NearCacheSettings;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.StoredValue;

/**
 * The near cache's rules, on two engines sharing one log and one store (as two nodes share Redis), each
 * with its own near cache; the change feed is played by hand: its continuity, and the invalidations it
 * delivers.
 */
class NearCacheTest {

    private static final NearCacheSettings BOUNDS = new NearCacheSettings(10_000, 64L << 20, Duration.ofMinutes(5));

    private final MutableClock clock = new MutableClock(TimedFixture.NOW);
    private final FakeTransactions tx = new FakeTransactions();
    private final FakeEventLog log = new FakeEventLog(tx);
    private final InMemoryStateStore shared = new InMemoryStateStore(clock, true);
    private final AtomicLong feed = new AtomicLong(1);

    private final Map<StateEngine, NearCache> caches = new HashMap<>();

    private NearCache nearCacheOf(StateEngine engine) {
        return caches.get(engine);
    }

    private StateEngine node(String id, NearCacheSettings bounds) {
        NearCache cache = new NearCache(shared, bounds, feed::get, clock);
        StateEngine engine = new StateEngine(new EngineParts(cache, log, new JsonbCodec(), tx, Limits.DEFAULTS,
                () -> "alice", id, change -> { }, clock));
        assertTrue(engine.storeSync().heal());
        caches.put(engine, cache);
        return engine;
    }

    private StateEngine node(String id) {
        return node(id, BOUNDS);
    }

    @Test
    void anUnchangedKeyIsReadFromMemoryAfterItsFirstRead() {
        StateEngine a = node("a");
        StateEngine b = node("b");
        a.set("k", "v1");
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        assertEquals(Optional.empty(), b.get("absent", String.class));
        assertEquals(Optional.empty(), b.get("absent", String.class));
        assertEquals(2, nearCacheOf(b).stats().hits());
        assertEquals(2, nearCacheOf(b).stats().misses());
    }

    @Test
    void theWriterReadsItsOwnCommitFromMemoryAtOnce() {
        StateEngine a = node("a");
        a.set("k", "v1");
        assertEquals(Optional.of("v1"), a.get("k", String.class));
        a.set("k", "v2");
        assertEquals(Optional.of("v2"), a.get("k", String.class));
        a.delete("k");
        assertEquals(Optional.empty(), a.get("k", String.class));
        assertEquals(0, nearCacheOf(a).stats().misses(), "every read served from the writer's own copies");
    }

    @Test
    void anotherNodesChangeIsReadOnceItsAnnouncementArrives() {
        StateEngine a = node("a");
        StateEngine b = node("b");
        a.set("k", "v1");
        a.set("created-later", "x");
        a.delete("created-later");
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        assertEquals(Optional.empty(), b.get("created-later", String.class));

        a.set("k", "v2");
        a.set("created-later", "y");
        // The window the README states: until the announcement is delivered, b serves its copy.
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        nearCacheOf(b).invalidate("k");
        nearCacheOf(b).invalidate("created-later");

        assertEquals(Optional.of("v2"), b.get("k", String.class));
        assertEquals(Optional.of("y"), b.get("created-later", String.class));
        assertEquals(2, nearCacheOf(b).stats().invalidations());
    }

    @Test
    void aStoreReadOverTakenByAnAnnouncementIsNotKept() {
        StateEngine b = node("b");
        NearCache cache = nearCacheOf(b);
        long stamp = cache.stamp("k");
        Optional<ExpiringValue> readBeforeTheChange = Optional.of(new ExpiringValue("\"old\"", 1, null));
        cache.invalidate("k"); // the announcement of version 2, delivered while the read was on its way
        cache.offer("k", stamp, readBeforeTheChange);
        assertNull(cache.cached("k"), "the old read must not become a copy");
    }

    @Test
    void copiesNeverGoBackInVersion() {
        StateEngine b = node("b");
        NearCache cache = nearCacheOf(b);
        long stamp = cache.stamp("k");
        // Two reads under one stamp: the later one saw the newer version, its answer came first.
        cache.offer("k", stamp, Optional.of(new ExpiringValue("\"new\"", 2, null)));
        cache.offer("k", stamp, Optional.of(new ExpiringValue("\"old\"", 1, null)));
        assertEquals(Optional.of(new StoredValue("\"new\"", 2)), cache.cached("k"));
    }

    @Test
    void nothingIsServedOrKeptWhileTheFeedCannotVouchForDelivery() {
        StateEngine a = node("a");
        StateEngine b = node("b");
        a.set("k", "v1");
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        feed.set(-1);
        a.set("k", "v2");
        assertEquals(Optional.of("v2"), b.get("k", String.class), "read from the store, the copy not trusted");
        assertEquals(Optional.of("v2"), b.get("k", String.class));
        assertEquals(2, nearCacheOf(b).stats().bypassed());
    }

    @Test
    void aNewContinuityDropsEveryCopy() {
        StateEngine a = node("a");
        StateEngine b = node("b");
        a.set("k", "v1");
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        a.set("k", "v2"); // its announcement to b is lost: the feed reconnected
        long clears = nearCacheOf(b).stats().clears();
        feed.incrementAndGet();
        assertEquals(Optional.of("v2"), b.get("k", String.class));
        assertEquals(clears + 1, nearCacheOf(b).stats().clears());
    }

    @Test
    void aStoreThatChangedEpochDropsEveryCopy() {
        SwitchableStore redis = new SwitchableStore(clock, true);
        NearCache cache = new NearCache(redis, BOUNDS, feed::get, clock);
        redis.snapshot();
        cache.epoch();
        cache.offer("k", cache.stamp("k"), Optional.of(new ExpiringValue("\"v\"", 1, null)));
        assertEquals(Optional.of(new StoredValue("\"v\"", 1)), cache.cached("k"));
        redis.restartFromSnapshot();
        cache.epoch();
        assertNull(cache.cached("k"));
    }

    @Test
    void aValuePastItsTimeToLiveIsNotServed() {
        StateEngine a = node("a");
        StateEngine b = node("b");
        a.set("k", "short", Duration.ofSeconds(10));
        assertEquals(Optional.of("short"), b.get("k", String.class));
        clock.set(clock.instant().plusSeconds(11));
        assertEquals(Optional.empty(), b.get("k", String.class));
    }

    @Test
    void theSafetyTimeToLiveBoundsWhatALostAnnouncementCosts() throws InterruptedException {
        StateEngine a = node("a");
        StateEngine b = node("b", new NearCacheSettings(100, 1 << 20, Duration.ofMillis(300)));
        a.set("k", "v1");
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        a.set("k", "v2"); // and its announcement is lost without any sign
        assertEquals(Optional.of("v1"), b.get("k", String.class));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!b.get("k", String.class).equals(Optional.of("v2"))) {
            assertTrue(System.nanoTime() < deadline, "the copy outlived its safety time to live");
            Thread.sleep(20);
        }
    }

    @Test
    void theCacheKeepsWithinItsEntryAndByteBounds() {
        StateEngine a = node("a");
        StateEngine b = node("b", new NearCacheSettings(100, 1 << 20, Duration.ofMinutes(5)));
        StateEngine c = node("c", new NearCacheSettings(10_000, 32 << 10, Duration.ofMinutes(5)));
        String kilobyte = "x".repeat(1000);
        for (int i = 0; i < 500; i++) {
            a.set("k" + i, kilobyte);
            b.get("k" + i, String.class);
            c.get("k" + i, String.class);
        }
        assertTrue(nearCacheOf(b).stats().size() <= 100, "entries: " + nearCacheOf(b).stats());
        assertTrue(nearCacheOf(b).stats().evictions() > 0);
        assertTrue(nearCacheOf(c).stats().bytes() <= 32 << 10, "bytes: " + nearCacheOf(c).stats());
        assertTrue(nearCacheOf(c).stats().size() <= 16, "about 2 KB each: " + nearCacheOf(c).stats());
    }

    /** A record JSON-B decodes with a mutable list in it. */
    public record Cart(String id, List<String> items, Map<String, Integer> counts) {
    }

    /** A bean with setters: cannot be copied, decoded for every read. */
    public static final class Basket {
        private List<String> items = new ArrayList<>();

        public List<String> getItems() {
            return items;
        }

        public void setItems(List<String> items) {
            this.items = items;
        }
    }

    @Test
    void noReaderCanChangeWhatAnotherReadsFromACopy() {
        StateEngine a = node("a");
        StateEngine b = node("b");
        a.set("cart", new Cart("c1", List.of("apple"), Map.of("apple", 1)));
        Basket basket = new Basket();
        basket.setItems(new ArrayList<>(List.of("pear")));
        a.set("basket", basket);
        for (StateEngine reader : List.of(a, b)) {
            Cart first = reader.get("cart", Cart.class).orElseThrow();
            first.items().add("stolen");
            first.counts().put("stolen", 9);
            Cart second = reader.get("cart", Cart.class).orElseThrow();
            assertEquals(new Cart("c1", List.of("apple"), Map.of("apple", 1)), second);
            second.items().add("mine"); // still a mutable list, as a decoded one is
            reader.get("basket", Basket.class).orElseThrow().getItems().add("stolen");
            assertEquals(List.of("pear"), reader.get("basket", Basket.class).orElseThrow().getItems());
            assertEquals(new Cart("c1", List.of("apple"), Map.of("apple", 1)), reader.get("cart", Cart.class).orElseThrow());
        }
        assertTrue(nearCacheOf(b).stats().hits() > 0);
    }

    @Test
    void immutableValuesReadFromACopyAreDecodedOnce() {
        StateEngine a = node("a");
        a.set("price", new java.math.BigDecimal("12.50"));
        java.math.BigDecimal first = a.get("price", java.math.BigDecimal.class).orElseThrow();
        assertTrue(first == a.get("price", java.math.BigDecimal.class).orElseThrow(), "shared: nothing to change in it");
    }

    @Test
    void writesOutsideACommitAreReportedSoOtherNodesDropTheirCopies() {
        java.util.concurrent.atomic.AtomicInteger reported = new java.util.concurrent.atomic.AtomicInteger();
        NearCache cache = new NearCache(shared, BOUNDS, feed::get, clock, reported::incrementAndGet);
        StateEngine a = new StateEngine(new EngineParts(cache, log, new JsonbCodec(), tx, Limits.DEFAULTS,
                () -> "alice", "a", change -> { }, clock));
        assertTrue(a.storeSync().heal());
        int afterStartup = reported.get();
        a.set("k", "v1");
        a.setAll(Map.of("x", 1, "y", 2));
        assertEquals(afterStartup, reported.get(), "commits are announced by the change feed, not reported");
        cache.apply("k", 9, "\"re-applied\"", null); // as a heal re-applies what a node left unapplied
        assertEquals(afterStartup + 1, reported.get());
        cache.apply("k", 9, "\"again\"", null);
        assertEquals(afterStartup + 1, reported.get(), "a refused write changes nothing");
        cache.applyAll(List.of(new org.statekeeper.spi.Head("z", 1, "1", clock.instant())));
        cache.clear();
        assertEquals(afterStartup + 3, reported.get());
    }
}
