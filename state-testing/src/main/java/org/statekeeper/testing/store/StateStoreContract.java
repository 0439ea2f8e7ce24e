package org.statekeeper.testing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StoredValue;

/**
 * What every {@link StateStore} must do, whatever holds the values: the version guard (a change applied
 * twice, late or out of order changes nothing), tombstones, expiry, forgetting, the generation marker,
 * the checkpoint, locks and bulk writes. A store plugin's test extends this class and says how to open a
 * store; the in-memory store, Redis standalone and Redis Cluster all run it.
 */
public abstract class StateStoreContract {

    /** The store under test, opened before each test. */
    protected StateStore store;

    /**
     * Opens a new, empty store with a namespace no other test uses.
     *
     * @return the store
     */
    protected abstract StateStore openStore();

    /**
     * Releases what {@link #openStore()} opened, after the store has been cleared; the default does nothing.
     *
     * @param opened the store to close
     */
    protected void closeStore(StateStore opened) {
    }

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void clearAndCloseTheStore() {
        try {
            store.clear(); // leave a shared server as it was found
        } finally {
            closeStore(store);
        }
    }

    /**
     * Waits for {@code condition}, failing after 20 s: for what a store does in time, such as expiry.
     *
     * @param condition what must become true
     * @param what what is awaited, for the failure message
     * @throws InterruptedException when interrupted
     */
    protected static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still not so after 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void anAbsentKeyReadsEmptyAndTheFirstApplyStoresValueAndVersion() {
        assertEquals(Optional.empty(), store.get("cart:1"));
        assertTrue(store.apply("cart:1", 1, "{\"items\":[]}"));
        assertEquals(Optional.of(new StoredValue("{\"items\":[]}", 1)), store.get("cart:1"));
    }

    @Test
    void aNewerVersionReplacesTheValue() {
        store.apply("k", 1, "\"one\"");
        assertTrue(store.apply("k", 2, "\"two\""));
        assertTrue(store.apply("k", 10, "\"ten\""));
        assertEquals(Optional.of(new StoredValue("\"ten\"", 10)), store.get("k"));
    }

    @Test
    void theSameVersionAppliedTwiceIsIgnored() {
        assertTrue(store.apply("k", 3, "\"first\""));
        assertFalse(store.apply("k", 3, "\"duplicate\""));
        assertEquals(Optional.of(new StoredValue("\"first\"", 3)), store.get("k"));
    }

    @Test
    void anOlderVersionArrivingLateIsIgnored() {
        assertTrue(store.apply("k", 5, "\"five\""));
        assertFalse(store.apply("k", 4, "\"four\""));
        assertFalse(store.apply("k", 1, "\"one\""));
        assertEquals(Optional.of(new StoredValue("\"five\"", 5)), store.get("k"));
    }

    @Test
    void versionsBeyondDoublePrecisionAreComparedExactly() {
        long big = (1L << 53) + 1; // a double (a Lua number, a JSON number) would round this down to 2^53
        assertTrue(store.apply("k", big, "\"a\""));
        assertFalse(store.apply("k", big - 1, "\"older\""));
        assertTrue(store.apply("k", big + 1, "\"b\""));
        assertTrue(store.apply("k", Long.MAX_VALUE, "\"max\""));
        assertFalse(store.apply("k", Long.MAX_VALUE - 1, "\"older\""));
        assertEquals(Optional.of(new StoredValue("\"max\"", Long.MAX_VALUE)), store.get("k"));
    }

    @Test
    void emptyJsonIsAValueNotATombstone() {
        assertTrue(store.apply("k", 1, ""));
        assertEquals(Optional.of(new StoredValue("", 1)), store.get("k"));
    }

    @Test
    void aTombstoneHidesTheKeyAndBlocksAnOlderResurrectingWrite() {
        store.apply("k", 1, "\"alive\"");
        assertTrue(store.delete("k", 3));
        assertEquals(Optional.empty(), store.get("k"));
        // Version 2 committed before the delete but arrives after it: it must not bring the key back.
        assertFalse(store.apply("k", 2, "\"late\""));
        assertFalse(store.apply("k", 3, "\"same version\""));
        assertEquals(Optional.empty(), store.get("k"));

        assertTrue(store.apply("k", 4, "\"back\""));
        assertEquals(Optional.of(new StoredValue("\"back\"", 4)), store.get("k"));
    }

    @Test
    void deletingANeverWrittenKeyLeavesATombstone() {
        assertTrue(store.delete("never", 7));
        assertFalse(store.apply("never", 6, "\"late\""));
        assertEquals(Optional.empty(), store.get("never"));
    }

    @Test
    void forgettingATombstoneLetsTheKeyStartAgainAtVersionOneButNeverRemovesANewerVersion() {
        store.apply("k", 1, "\"alive\"");
        store.delete("k", 12);
        assertFalse(store.apply("k", 1, "\"again\""), "the tombstone blocks version 1 until it is forgotten");
        // 12 against 9: compared as numbers, not as text.
        try {
            assertFalse(store.forget("k", 9));
        } catch (UnsupportedOperationException optional) {
            assumeTrue(false, "this store cannot forget deleted keys (allowed: the log then keeps their head rows)");
        }
        assertTrue(store.forget("k", 12));
        assertTrue(store.apply("k", 1, "\"again\""));
        assertEquals(Optional.of(new StoredValue("\"again\"", 1)), store.get("k"));

        assertFalse(store.forget("k", 0), "a newer value stays");
        assertEquals(Optional.of(new StoredValue("\"again\"", 1)), store.get("k"));
        // The store missed the delete (it was down): the value it still holds is older than the deletion.
        assertTrue(store.forget("k", 100), "an older, stale value goes");
        assertEquals(Optional.empty(), store.get("k"));
        assertFalse(store.forget("never-written", 5));
    }

    @Test
    void keysAreIndependent() {
        store.apply("a", 5, "1");
        assertTrue(store.apply("b", 1, "2"));
        assertEquals(Optional.of(new StoredValue("2", 1)), store.get("b"));
        assertEquals(Optional.of(new StoredValue("1", 5)), store.get("a"));
    }

    @Test
    void anExpiringValueIsGoneOnceItsTimeHasCome() throws InterruptedException {
        // Seconds ahead: a loaded machine must not let the value expire before the first read.
        Instant expiresAt = Instant.now().plusSeconds(3);
        assertTrue(store.apply("session", 1, "\"token\"", expiresAt));
        Optional<StoredValue> before = store.get("session");
        if (Instant.now().isBefore(expiresAt)) {
            assertEquals(Optional.of(new StoredValue("\"token\"", 1)), before);
        }
        // Judged by the store's own clock (a Redis server's), so not compared with this JVM's.
        await(() -> store.get("session").isEmpty(), "the value expired at " + expiresAt);
    }

    @Test
    void anAlreadyExpiredValueIsNotServedButItsVersionStillGuardsTheKey() {
        // A minute ago: past on any store's clock, even one that runs apart from this JVM's.
        assertTrue(store.apply("old", 5, "\"stale\"", Instant.now().minusSeconds(60)));
        assertEquals(Optional.empty(), store.get("old"));
        assertFalse(store.apply("old", 4, "\"older\""), "the expired version still guards the key");
        assertTrue(store.apply("old", 6, "\"fresh\""));
        assertEquals(Optional.of(new StoredValue("\"fresh\"", 6)), store.get("old"));
    }

    @Test
    void theGenerationMarkerRoundTrips() {
        assertEquals(Optional.empty(), store.generation());
        store.markGeneration("gen-1");
        assertEquals(Optional.of("gen-1"), store.generation());
        store.markGeneration("gen-2");
        assertEquals(Optional.of("gen-2"), store.generation());
    }

    @Test
    void eachNodesCheckpointRoundTripsWithTheEpochItWasRecordedIn() {
        assertEquals(java.util.Map.of(), store.checkpoints().nodes());
        Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
        String epoch = store.epoch().orElse(null);
        assertTrue(store.markCheckpoint("node-a#1", at, epoch));
        assertTrue(store.markCheckpoint("node-b#2", at.plusSeconds(1), epoch));
        assertTrue(store.markCheckpoint("node-a#1", at.plusSeconds(2), epoch));
        assertEquals(java.util.Map.of("node-a#1", at.plusSeconds(2), "node-b#2", at.plusSeconds(1)),
                store.checkpoints().nodes());
        assertEquals(epoch, store.checkpoints().epoch());
    }

    @Test
    void aCheckpointIsRefusedOnceTheStoresEpochIsNoLongerTheOneGiven() {
        if (store.epoch().isEmpty()) {
            return; // a store without epoch cannot lose writes without losing itself (memory)
        }
        assertFalse(store.markCheckpoint("node-a#1", Instant.parse("2026-01-02T03:04:05Z"), "an-earlier-life"));
        assertEquals(java.util.Map.of(), store.checkpoints().nodes());
    }

    @Test
    void clearRemovesTheCheckpoints() {
        store.markCheckpoint("node-a#1", Instant.parse("2026-01-02T03:04:05Z"), store.epoch().orElse(null));
        store.clear();
        assertEquals(java.util.Map.of(), store.checkpoints().nodes());
        assertEquals(null, store.checkpoints().epoch());
    }

    @Test
    void clearRemovesValuesTombstonesAndTheGenerationMarkerButKeepsLocks() {
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(30)));
        for (int i = 0; i < 2500; i++) { // more than one page of any scan
            store.apply("key-" + i, 1, "\"" + i + "\"");
        }
        store.delete("gone", 2);
        store.markGeneration("mine");

        store.clear();

        assertEquals(Optional.empty(), store.generation());
        assertEquals(Optional.empty(), store.get("key-1"));
        Set<String> left = new HashSet<>();
        store.forEachKey(left::add);
        assertEquals(Set.of(), left);
        assertTrue(store.apply("gone", 1, "\"new\""), "the tombstone went too: a rebuild may load any version");
        assertFalse(store.tryLock("rebuild", "node-b", Duration.ofSeconds(30)), "a rebuild holds its lock while clearing");
        store.unlock("rebuild", "node-a");
    }

    @Test
    void forEachKeyPassesEveryValueAndTombstone() {
        store.apply("a", 1, "1");
        store.delete("b", 2);
        store.apply("c d:é", 1, "3");
        Set<String> keys = new HashSet<>();
        store.forEachKey(keys::add);
        assertEquals(Set.of("a", "b", "c d:é"), keys);
    }

    @Test
    void applyAllWritesManyHeadsVersionGuardedWithTombstonesAndExpiry() {
        store.apply("h-7", 100, "\"newer in store\"");
        List<Head> heads = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 5000; i++) {
            String json = i % 10 == 9 ? null : "{\"n\":" + i + "}";
            Instant expiresAt = i % 100 == 42 ? now.plusSeconds(3600) : null;
            heads.add(new Head("h-" + i, i + 1, json, now, expiresAt));
        }
        store.applyAll(heads);

        for (Head head : heads) {
            Optional<StoredValue> held = store.get(head.key());
            if (head.key().equals("h-7")) {
                assertEquals(Optional.of(new StoredValue("\"newer in store\"", 100)), held, "version guarded");
            } else if (head.json() == null) {
                assertEquals(Optional.empty(), held, head.key());
            } else {
                assertEquals(Optional.of(new StoredValue(head.json(), head.version())), held, head.key());
            }
        }
        assertFalse(store.apply("h-9", 10, "\"resurrected\""), "tombstones applied in bulk");
        Set<String> before = new HashSet<>();
        store.forEachKey(before::add);
        store.applyAll(List.of());
        Set<String> after = new HashSet<>();
        store.forEachKey(after::add);
        assertEquals(before, after, "applying no heads changes nothing");
    }

    @Test
    void applyAllRefusesEqualVersionsComparesLargeVersionsExactlyAndDropsValuesAlreadyExpired() {
        store.apply("equal", 5, "\"first\"");
        store.apply("large", 9_007_199_254_740_993L, "\"held\"");
        Instant now = Instant.now();
        store.applyAll(List.of(new Head("equal", 5, "\"second\"", now, null),
                new Head("large", 9_007_199_254_740_992L, "\"older by one\"", now, null),
                new Head("expired", 3, "\"gone\"", now, now.minusSeconds(1)),
                new Head("live", 4, "\"here\"", now, now.plusSeconds(3600))));
        assertEquals(Optional.of(new StoredValue("\"first\"", 5)), store.get("equal"));
        assertEquals(Optional.of(new StoredValue("\"held\"", 9_007_199_254_740_993L)), store.get("large"));
        assertEquals(Optional.empty(), store.get("expired"));
        assertFalse(store.apply("expired", 2, "\"older\""), "an expired value leaves its version behind");
        assertEquals(Optional.of(new StoredValue("\"here\"", 4)), store.get("live"));
    }

    @Test
    void fillAfterClearLoadsHeadsButNeverReplacesANewerVersionWrittenSince() {
        store.apply("k", 1, "\"old\"");
        store.clear();
        store.apply("k", 9, "\"written since the clear\"");
        store.fill(List.of(new Head("k", 5, "\"from the log\"", Instant.now()),
                new Head("other", 2, "\"o\"", Instant.now()))).await();
        assertEquals(Optional.of(new StoredValue("\"written since the clear\"", 9)), store.get("k"));
        assertEquals(Optional.of(new StoredValue("\"o\"", 2)), store.get("other"));
    }

    @Test
    void keysAndValuesWithColonsSpacesGlobCharactersAndUnicodeRoundTrip() {
        List<String> keys = List.of("a:b:c", "with space", " leading and trailing ", "ünïcødé 🎉 日本",
                "tab\tnew\nline", "{hash}tag", "*?[glob]\\", "v:nested", "generation", "", "quote\"'");
        long version = 1;
        for (String key : keys) {
            assertTrue(store.apply(key, version, "{\"t\":\"12:30 ünï 🎉\",\"v\":" + version + "}"), key);
            version++;
        }
        version = 1;
        for (String key : keys) {
            assertEquals(Optional.of(new StoredValue("{\"t\":\"12:30 ünï 🎉\",\"v\":" + version + "}", version)),
                    store.get(key), key);
            version++;
        }
        assertEquals(Optional.empty(), store.generation(), "a key named generation is not the marker");
        store.clear();
        for (String key : keys) {
            assertEquals(Optional.empty(), store.get(key), key);
        }
    }

    @Test
    void aLockIsExclusiveRenewableAndReleasedOnlyByItsOwner() {
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(10)));
        assertFalse(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)));
        assertTrue(store.tryLock("rebuild", "node-a", Duration.ofSeconds(20)), "the owner renews");
        store.unlock("rebuild", "node-b");
        assertFalse(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)), "only the owner releases");
        store.unlock("rebuild", "node-a");
        assertTrue(store.tryLock("rebuild", "node-b", Duration.ofSeconds(10)));
        assertTrue(store.tryLock("other", "node-a", Duration.ofSeconds(10)), "locks are independent");
        store.unlock("rebuild", "node-b");
        store.unlock("other", "node-a");
    }

    @Test
    void aLockWhoseLeaseRanOutCanBeTaken() throws InterruptedException {
        assertTrue(store.tryLock("rebuild", "crashed-node", Duration.ofMillis(300)));
        await(() -> store.tryLock("rebuild", "node-b", Duration.ofSeconds(5)), "the lease ran out");
        store.unlock("rebuild", "node-b");
    }

    @Test
    void outOfOrderConcurrentAppliesEndAtTheNewestVersion() throws Exception {
        List<Integer> versions = new ArrayList<>();
        for (int v = 1; v <= 2000; v++) {
            versions.add(v);
        }
        Collections.shuffle(versions, new Random(42));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Integer> slice = versions.subList(t * 250, (t + 1) * 250);
                futures.add(pool.submit(() -> slice.forEach(v -> store.apply("k", v, "\"" + v + "\""))));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of(new StoredValue("\"2000\"", 2000)), store.get("k"));
    }
}
