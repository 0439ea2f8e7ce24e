package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;
import org.statekeeper.Versioned;
import org.statekeeper.spi.Head;
import org.statekeeper.spi.StoredValue;

/** The store is a view: when it cannot be written after commit, the log still answers correctly. */
class StateEngineStoreFailureTest {

    private final EngineFixture f = new EngineFixture();
    private final StateEngine engine = f.engine;

    @Test
    void failedStoreApplyLeavesCommitStandingAndMarksKeyPending() {
        f.store.failApplies(true);

        assertEquals(1, engine.set("k", "v"));

        assertEquals("\"v\"", f.log.committedHead("k").orElseThrow().json());
        assertTrue(engine.storeSync().isPending("k"));
        assertFalse(engine.storeSync().isPending("other"));
        assertEquals(List.of(new StateChanged("k", 1, ChangeType.SET, false)), f.changed);
    }

    @Test
    void aLockingReadOlderThanTheNewestCommitNeverMovesTheStoreBack() {
        engine.set("k", "a");
        engine.set("k", "b");
        engine.set("k", "c");
        // A late apply of version 2 is refused (the store holds 3): the key is pending until the next heal.
        engine.storeSync().apply("k", 2, "\"b\"", null, null);
        assertTrue(engine.storeSync().isPending("k"));
        // The heal's reads of the log answer version 2 for a moment, as H2 can answer a locking read with the
        // row as it was before it waited: the store holds a version the (stale) log read does not show.
        java.util.concurrent.atomic.AtomicInteger staleAnswers = new java.util.concurrent.atomic.AtomicInteger(2);
        Head newest = f.log.committedHead("k").orElseThrow();
        f.log.staleReads = h -> h.key().equals("k") && staleAnswers.getAndDecrement() > 0
                ? new Head("k", 2, "\"b\"", h.time()) : h;

        assertTrue(engine.storeSync().heal());

        assertEquals(Optional.of(new StoredValue("\"c\"", newest.version())), f.store.get("k"),
                "the store's newer version is not taken for a previous life");
    }

    @Test
    void pendingKeyIsReadFromLogHeadNotStaleStore() {
        engine.set("k", "old");
        f.store.failApplies(true);

        engine.set("k", "new");

        // The store still holds the old value; answering from it would break read-after-commit.
        assertEquals(Optional.of(new StoredValue("\"old\"", 1)), f.store.get("k"));
        assertEquals(Optional.of(new Versioned<>("new", 2L)), engine.getVersioned("k", String.class));
    }

    @Test
    void pendingDeleteReadsAsAbsent() {
        engine.set("k", "v");
        f.store.failApplies(true);

        assertTrue(engine.delete("k"));

        assertTrue(f.store.get("k").isPresent());
        assertEquals(Optional.empty(), engine.get("k", String.class));
    }

    @Test
    void successfulApplyAfterTheStoreHealedClearsPendingAndStoreServesReadsAgain() {
        f.store.failApplies(true);
        engine.set("k", "v1");
        f.store.failApplies(false);
        assertTrue(engine.storeSync().heal(), "the store answers again");

        engine.set("k", "v2");

        assertFalse(engine.storeSync().isPending("k"));
        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), f.store.get("k"));
        assertEquals(Optional.of("v2"), engine.get("k", String.class));
    }

    @Test
    void aFailedCommitApplyCostsOneStoreCallAndMarksEveryKeyOfTheCommitPending() {
        AtomicInteger calls = new AtomicInteger();
        f.store.beforeApply((key, version) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("store does not answer");
        });

        f.inTransaction(() -> {
            engine.set("a", 1);
            engine.set("b", 2);
            engine.set("c", 3);
        });

        assertEquals(1, calls.get(), "one failed store call for the commit, not one per key");
        for (String key : List.of("a", "b", "c")) {
            assertTrue(engine.storeSync().isPending(key), key);
        }
        assertEquals(Optional.of(2), engine.get("b", Integer.class), "read from the log meanwhile");
        assertEquals(3, f.changed.size());
    }

    @Test
    void whileTheStoreIsFailingCommitsMarkTheirKeysPendingWithoutCallingIt() {
        AtomicInteger calls = new AtomicInteger();
        f.store.beforeApply((key, version) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("store does not answer");
        });
        engine.set("first", 1);
        assertEquals(1, calls.get());

        engine.set("second", 2);
        f.inTransaction(() -> {
            engine.set("third", 3);
            engine.set("fourth", 4);
        });

        assertEquals(1, calls.get(), "a store known to be failing is not called by commits");
        assertTrue(engine.storeSync().isPending("fourth"));
        org.statekeeper.StoreStatus failing = engine.storeSync().status("test store");
        assertFalse(failing.serving());
        assertTrue(failing.failingSince() != null && failing.pendingKeys() == 4, failing.toString());
        assertEquals(Optional.of(4), engine.get("fourth", Integer.class));

        f.store.beforeApply((key, version) -> { });
        assertTrue(engine.storeSync().heal());
        for (String key : List.of("first", "second", "third", "fourth")) {
            assertFalse(engine.storeSync().isPending(key), key);
        }
        assertEquals(Optional.of(new StoredValue("4", 1)), f.store.get("fourth"), "the heal applied it");
        org.statekeeper.StoreStatus healed = engine.storeSync().status("test store");
        assertEquals(new org.statekeeper.StoreStatus("test store", true, true, null, 0, healed.lastHeal(),
                healed.lastRebuild(), healed.nodes()), healed);
        assertEquals(EngineFixture.NOW, healed.lastHeal(), "the heal that applied them is the last one");
        assertEquals(List.of(EngineFixture.NODE), healed.nodes().stream().map(org.statekeeper.NodeHealth::node).toList(),
                "this node's mark, as the heal read it");
    }

    @Test
    void incompleteStoreIsBypassedForReads() {
        engine.set("k", "committed");
        // Cleared like a flushed Redis: keys and generation marker gone.
        f.store.clear();

        // A store missing keys cannot tell "absent" from "not loaded yet"; the log can.
        assertEquals(Optional.empty(), f.store.get("k"));
        assertEquals(Optional.of(new Versioned<>("committed", 1L)), engine.getVersioned("k", String.class));
    }

    @Test
    void completeStoreServesReads() {
        // A value only the store holds can only be returned if reads really go to the store.
        f.store.apply("k", 4, "\"from-store\"");
        assertEquals(Optional.of(new Versioned<>("from-store", 4L)), engine.getVersioned("k", String.class));

        // Once a miss has shown the store lost its marker, nothing it holds is trusted until healed.
        f.store.clear();
        assertEquals(Optional.empty(), engine.get("other", String.class));
        f.store.apply("k", 4, "\"from-store\"");
        assertEquals(Optional.empty(), engine.get("k", String.class));
        assertTrue(engine.storeSync().heal(), "healing rebuilds the store from the log");
        assertEquals(Optional.empty(), f.store.get("k"), "the rebuild dropped what the log does not have");
    }

    @Test
    void lateSuccessfulApplyOfOlderVersionDoesNotClearPendingOfNewerOne() throws Exception {
        engine.set("k", "v1");
        CountDownLatch v2Applying = new CountDownLatch(1);
        CountDownLatch releaseV2 = new CountDownLatch(1);
        f.store.beforeApply((key, version) -> {
            if (version == 2) {
                v2Applying.countDown();
                await(releaseV2);
            } else if (version == 3) {
                throw new IllegalStateException("store blip");
            }
        });

        // v2 commits and its apply stalls; v3 commits after it and its apply fails.
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Long> v2 = writer.submit(() -> engine.set("k", "v2"));
            assertTrue(v2Applying.await(10, TimeUnit.SECONDS));
            assertEquals(3, engine.set("k", "v3"));
            releaseV2.countDown();
            assertEquals(2, v2.get(10, TimeUnit.SECONDS));
        } finally {
            writer.shutdownNow();
        }

        // The store now holds v2, so v3's call has returned while the store is still behind for k.
        assertEquals(2, f.store.get("k").orElseThrow().version());
        assertTrue(engine.storeSync().isPending("k"));
        assertEquals(Optional.of(new Versioned<>("v3", 3L)), engine.getVersioned("k", String.class));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPendingKeyWhoseHeadRowRetentionRemovedIsForgottenAndCheckpointsResume() {
        engine.set("gone", "v");
        f.store.failApplies(true);
        assertTrue(engine.delete("gone"));
        assertTrue(engine.storeSync().isPending("gone"));
        // Retention removes the deleted key's rows while the store is down (it keeps nothing of a deleted key).
        f.tx.required(() -> {
            f.log.lock("gone");
            return f.log.removeDeletedKey("gone");
        });
        f.store.failApplies(false);

        assertTrue(engine.storeSync().heal());

        assertFalse(engine.storeSync().isPending("gone"), "a key the log no longer has cannot stay pending");
        assertEquals(Optional.empty(), f.store.get("gone"), "the store forgot the value the log deleted");
        assertTrue(f.store.checkpoints().nodes().containsKey(EngineFixture.NODE),
                "with nothing pending, the node marks its checkpoint again");
        assertEquals(1, engine.set("gone", "again"), "the key starts again at version 1");
        assertEquals(Optional.of(new StoredValue("\"again\"", 1)), f.store.get("gone"));
    }

    @Test
    void aTombstoneOfAPreviousLifePutBackInTheStoreDoesNotHideTheKeysNewLife() {
        engine.set("reborn", "old life");
        assertTrue(engine.delete("reborn"));
        // Retention removes the deleted key from the log and the store ...
        f.tx.required(() -> {
            f.log.lock("reborn");
            return f.log.removeDeletedKey("reborn");
        });
        assertTrue(f.store.forget("reborn", 2));
        // ... and a catch-up that read the tombstone before that puts it back.
        f.store.delete("reborn", 2);

        assertEquals(1, engine.set("reborn", "new life"), "the key starts again at version 1");

        assertEquals(Optional.of("new life"), engine.get("reborn", String.class),
                "a store refusing the new life's first version is not trusted for the key");
        assertTrue(engine.storeSync().heal());
        assertFalse(engine.storeSync().isPending("reborn"));
        assertEquals(Optional.of(new StoredValue("\"new life\"", 1)), f.store.get("reborn"),
                "the heal replaced the previous life's tombstone");
        assertEquals(Optional.of("new life"), engine.get("reborn", String.class));
    }
}
