package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.statekeeper.RecoveryReport;
import org.statekeeper.VerifyReport;
import org.statekeeper.spi.StoredValue;

/** Rebuild, replay and verify against the fakes: what they repair, skip and report. */
class RecoveryTest {

    private final EngineFixture f = new EngineFixture();
    private final StateEngine engine = f.engine;
    private final Recovery recovery = new Recovery(engine, f.parts);

    @Test
    void verifyReportsMissingStaleAndExtraKeys() {
        engine.set("missing", "m");
        engine.set("stale", "s1");
        engine.set("stale", "s2");
        engine.set("fine", "f");
        // The store as a lossy incident left it: one key gone, one behind, one the log never had.
        f.store.clear();
        f.store.markGeneration("g");
        f.store.apply("stale", 1, "\"s1\"");
        f.store.apply("fine", 1, "\"f\"");
        f.store.apply("extra", 9, "\"only in the store\"");

        VerifyReport report = recovery.verify();

        assertEquals(3, report.checked());
        assertEquals(List.of("missing"), report.missingSample());
        assertEquals(List.of("stale"), report.staleSample());
        assertEquals(List.of("extra"), report.extraSample());
        assertFalse(report.consistent());
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
        recovery.replay(1);
        assertEquals(Optional.of(new StoredValue("\"v3\"", 3)), f.store.get("k"), "replaying again changes nothing");
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
