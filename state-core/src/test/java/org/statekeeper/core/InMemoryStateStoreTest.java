package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.spi.StoredValue;

class InMemoryStateStoreTest {

    private final InMemoryStateStore store = new InMemoryStateStore();

    @Test
    void firstApplyStoresValueAndVersion() {
        assertTrue(store.apply("k", 1, "\"a\""));
        assertEquals(Optional.of(new StoredValue("\"a\"", 1)), store.get("k"));
    }

    @Test
    void newerVersionReplacesOlder() {
        store.apply("k", 1, "\"a\"");
        assertTrue(store.apply("k", 3, "\"c\""));
        assertEquals(Optional.of(new StoredValue("\"c\"", 3)), store.get("k"));
    }

    @Test
    void duplicateApplyIsIgnored() {
        store.apply("k", 2, "\"b\"");
        assertFalse(store.apply("k", 2, "\"other\""));
        assertEquals(Optional.of(new StoredValue("\"b\"", 2)), store.get("k"));
    }

    @Test
    void olderLateApplyIsIgnored() {
        store.apply("k", 5, "\"e\"");
        assertFalse(store.apply("k", 4, "\"d\""));
        assertEquals(Optional.of(new StoredValue("\"e\"", 5)), store.get("k"));
    }

    @Test
    void tombstoneHidesKey() {
        store.apply("k", 1, "\"a\"");
        assertTrue(store.apply("k", 2, null));
        assertEquals(Optional.empty(), store.get("k"));
    }

    @Test
    void tombstoneBlocksOlderLateWrite() {
        store.apply("k", 1, "\"a\"");
        store.apply("k", 3, null);
        // Version 2 committed before the delete but arrives after it: it must not resurrect the key.
        assertFalse(store.apply("k", 2, "\"b\""));
        assertEquals(Optional.empty(), store.get("k"));
    }

    @Test
    void newerWriteAfterTombstoneIsApplied() {
        store.apply("k", 2, null);
        assertTrue(store.apply("k", 3, "\"c\""));
        assertEquals(Optional.of(new StoredValue("\"c\"", 3)), store.get("k"));
    }

    @Test
    void forgettingATombstoneLetsTheKeyStartAgainAtVersionOne() {
        store.apply("k", 1, "\"a\"");
        store.apply("k", 7, null);
        assertFalse(store.apply("k", 1, "\"again\""), "the tombstone blocks version 1 until it is forgotten");

        assertTrue(store.forget("k", 7));
        assertTrue(store.apply("k", 1, "\"again\""));
        assertEquals(Optional.of(new StoredValue("\"again\"", 1)), store.get("k"));
    }

    @Test
    void forgetNeverRemovesANewerVersion() {
        store.apply("k", 8, "\"newer\"");
        assertFalse(store.forget("k", 7));
        assertEquals(Optional.of(new StoredValue("\"newer\"", 8)), store.get("k"));
        assertFalse(store.forget("absent", 7));
    }

    @Test
    void forgetRemovesAStaleValueOlderThanTheDeletion() {
        // The store missed the delete (it was down): the value it still holds is older than the tombstone.
        store.apply("k", 6, "\"stale\"");
        assertTrue(store.forget("k", 7));
        assertEquals(Optional.empty(), store.get("k"));
    }

    @Test
    void keysAreIndependent() {
        store.apply("a", 5, "1");
        assertTrue(store.apply("b", 1, "2"));
        assertEquals(Optional.of(new StoredValue("2", 1)), store.get("b"));
    }

    @Test
    void clearRemovesKeysAndGenerationMarker() {
        store.apply("a", 1, "1");
        store.apply("b", 2, null);
        store.markGeneration("gen-1");
        assertEquals(Optional.of("gen-1"), store.generation());

        store.clear();

        assertEquals(Optional.empty(), store.get("a"));
        assertEquals(Optional.empty(), store.generation());
        // Tombstones go too: after a clear, a rebuild may load any version again.
        assertTrue(store.apply("b", 1, "1"));
        assertTrue(store.apply("a", 1, "1"));
    }

    @Test
    void outOfOrderConcurrentAppliesEndAtNewestVersion() throws Exception {
        List<Integer> versions = new ArrayList<>();
        for (int v = 1; v <= 2000; v++) {
            versions.add(v);
        }
        Collections.shuffle(versions, new java.util.Random(42));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Integer> slice = versions.subList(t * 250, (t + 1) * 250);
                futures.add(pool.submit(() -> slice.forEach(v -> store.apply("k", v, "\"" + v + "\""))));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of(new StoredValue("\"2000\"", 2000)), store.get("k"));
    }
}
