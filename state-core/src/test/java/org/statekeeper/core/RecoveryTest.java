package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.RecoveryReport;
import org.statekeeper.VerifyReport;
import org.statekeeper.spi.StoredValue;

/** Rebuild, replay and verify against the fakes: what they repair, skip and report. */
class RecoveryTest {

    private final EngineFixture f = new EngineFixture();
    private final StateEngine engine = f.engine;
    private final Recovery recovery = new Recovery(engine, f.parts);

    @Test
    void aNullSinceIsRejectedNamingTheArgumentBeforeTheStoreIsTouched() {
        engine.set("k", "v");
        f.store.clear();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> recovery.recover(null));
        assertEquals("since", e.argument());
        assertEquals(null, e.getKey());
        assertEquals(Optional.empty(), f.store.get("k"), "nothing was re-applied");
    }

    @Test
    void verifyReportsMissingStaleAndExtraKeys() {
        engine.set("missing", "m");
        engine.set("stale", "s1");
        engine.set("stale", "s2");
        engine.set("fine", "f");
        engine.set("deleted", "d");
        assertTrue(engine.delete("deleted"));
        engine.set("deleted-fine", "d");
        assertTrue(engine.delete("deleted-fine"));
        // The store as a lossy incident left it: one key gone, one behind, one the log never had, and one
        // still holding the value of a key the log deleted.
        f.store.clear();
        f.store.markGeneration("g");
        f.store.apply("stale", 1, "\"s1\"");
        f.store.apply("fine", 1, "\"f\"");
        f.store.apply("extra", 9, "\"only in the store\"");
        f.store.apply("deleted", 1, "\"d\"");
        f.store.delete("deleted-fine", 2);

        VerifyReport report = recovery.verify();

        assertEquals(5, report.checked());
        assertEquals(List.of("missing"), report.missingSample());
        assertEquals(List.of("stale"), report.staleSample());
        assertEquals(List.of("deleted", "extra"), report.extraSample().stream().sorted().toList(),
                "a deleted key the store still serves is extra; its tombstone is not");
        assertFalse(report.consistent());
    }

    /** Every update a progress listener was given, as "phase done/total". */
    private static final class Updates implements org.statekeeper.RecoveryProgress {
        final List<String> seen = new java.util.ArrayList<>();

        @Override
        public void update(String phase, long done, long total) {
            seen.add(phase + " " + done + "/" + total);
        }
    }

    @Test
    void verifyTellsItsProgressPhaseByPhaseAndEndsAtTheKeysChecked() {
        engine.set("a", 1);
        engine.set("b", 2);
        Updates updates = new Updates();

        VerifyReport report = recovery.verify(updates);

        assertEquals(2, report.checked());
        // The fake log cannot count its heads cheaply: the first phase's total is unknown.
        assertEquals(List.of("heads 0/-1", "heads 2/-1", "store keys 2/2", "heads behind 0/0"), updates.seen);
    }

    @Test
    void rebuildTellsItsProgressAndTheStoreStatusRemembersIt() {
        engine.set("a", 1);
        engine.set("b", 2);
        assertEquals(0, engine.storeSync().status("test").lastRebuild().keys(), "the fixture's first heal loaded an empty store");
        Updates updates = new Updates();

        RecoveryReport report = recovery.rebuild(updates);

        assertEquals(2, report.applied());
        assertEquals("load 2/-1", updates.seen.get(updates.seen.size() - 1), updates.seen.toString());
        org.statekeeper.LastRebuild last = engine.storeSync().status("test").lastRebuild();
        assertEquals(2, last.keys());
        assertEquals(report.elapsed(), last.elapsed());
    }

    @Test
    void recoverTellsHowManyKeysItReapplied() {
        engine.set("a", 1);
        engine.set("b", 2);
        Updates updates = new Updates();

        RecoveryReport report = recovery.recover(java.time.Instant.EPOCH, updates);

        assertEquals(2, report.applied());
        assertEquals(List.of("load 2/-1"), updates.seen);
    }

    @Test
    void rebuildRepairsWhatVerifyFound() {
        engine.set("a", 1);
        engine.set("b", 2);
        f.store.clear();
        f.store.apply("ghost", 5, "\"x\"");

        RecoveryReport report = recovery.rebuild();

        assertEquals(2, report.applied());
        assertTrue(recovery.verify().consistent());
        assertEquals(Optional.empty(), f.store.get("ghost"));
    }

    @Test
    void rebuildSkipsAndNamesAHeadWhoseValueIsNotJson() {
        engine.set("good", "g");
        engine.set("bad", "b");
        f.log.corruptHead("bad", "{\"cut\":");

        RecoveryReport report = recovery.rebuild();

        assertEquals(1, report.applied());
        assertEquals(1, report.corrupt());
        assertEquals(List.of("bad@1"), report.corruptSample());
        assertEquals(Optional.of(new StoredValue("\"g\"", 1)), f.store.get("good"));
    }

    @Test
    void replayAppliesEventsInSequenceOrderAndNeverMovesAKeyBack() {
        engine.set("k", "v1");
        engine.set("k", "v2");
        engine.set("k", "v3");
        f.store.clear();
        f.store.markGeneration("g");

        RecoveryReport report = recovery.replay(1);

        assertEquals(3, report.applied());
        assertEquals(Optional.of(new StoredValue("\"v3\"", 3)), f.store.get("k"));
        // Replaying again must never move the key back, not even for a moment: a reader in between would see v1.
        List<Long> heldBeforeEachApply = new java.util.ArrayList<>();
        f.store.beforeApply((key, version) ->
                heldBeforeEachApply.add(f.store.get("k").map(StoredValue::version).orElse(0L)));
        recovery.replay(1);
        assertEquals(List.of(3L, 3L, 3L), heldBeforeEachApply, "the store held v3 throughout the replay");
        assertEquals(Optional.of(new StoredValue("\"v3\"", 3)), f.store.get("k"), "replaying again changes nothing");
    }

    @Test
    void recoverPutsBackIntoTheStoreWhatChangedSinceTheInstantAndNothingOlder() {
        engine.set("old", "o");
        engine.set("changed", "c");
        // The store lost both (as a Redis restored from an old snapshot would), its marker kept.
        f.store.clear();
        f.store.markGeneration("g");

        RecoveryReport report = recovery.recover(EngineFixture.NOW.minusSeconds(1));

        assertEquals("recover", report.operation());
        assertEquals(2, report.applied());
        assertEquals(Optional.of(new StoredValue("\"c\"", 1)), f.store.get("changed"), "the store has it again");
        assertEquals(Optional.of(new StoredValue("\"o\"", 1)), f.store.get("old"));
        f.store.clear();
        f.store.markGeneration("g");
        assertEquals(0, recovery.recover(EngineFixture.NOW.plusSeconds(1)).applied(), "nothing changed since then");
        assertEquals(Optional.empty(), f.store.get("changed"));
    }

    @Test
    void aSecondRebuildOnTheSameNodeWhileOneRunsDoesNotStart() throws Exception {
        engine.set("k", "v");
        CountDownLatch inRebuild = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.store.beforeApply((key, version) -> {
            if (Thread.currentThread().getName().equals("rebuilder")) {
                inRebuild.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread first = new Thread(() -> engine.storeSync().rebuild(), "rebuilder");
        first.start();
        assertTrue(inRebuild.await(10, TimeUnit.SECONDS));

        assertEquals(Optional.empty(), engine.storeSync().rebuild());

        release.countDown();
        first.join(10_000);
    }
}
