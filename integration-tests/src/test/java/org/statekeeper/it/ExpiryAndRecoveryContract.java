package org.statekeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.RecoveryReport;
import org.statekeeper.StateManager;
import org.statekeeper.VerifyReport;
import org.statekeeper.StateChanged;
import org.statekeeper.Versioned;
import org.statekeeper.StateEvent;

/** The expiry and recovery part of the contract every deployment must meet. */
public abstract class ExpiryAndRecoveryContract extends ConcurrencyContract {

    @Test
    void keyWithTimeToLiveExpiresAndItsExpiryIsLoggedAndObservedOnce() throws Exception {
        String key = key("ttl");
        String kept = key("no-ttl");

        assertEquals(1, state.set(key, "short-lived", Duration.ofMillis(1500)));
        state.set(kept, "kept");
        assertEquals(Optional.of("short-lived"), state.get(key, String.class));

        awaitTrue(() -> state.get(key, String.class).isEmpty(), "the key reads as absent once its time is up");
        awaitTrue(() -> events(key).get(0).type() == ChangeType.EXPIRE, "the expiry is logged");
        awaitTrue(() -> changes.of(key).size() == 2, "and observed");

        List<StateEvent> rows = events(key);
        assertEquals(List.of(ChangeType.EXPIRE, ChangeType.SET), rows.stream().map(StateEvent::type).toList());
        assertEquals(new StateChanged(key, 2, ChangeType.EXPIRE, false), changes.of(key).get(1));
        assertEquals(Optional.of("kept"), state.get(kept, String.class));
        assertEquals(3, state.set(key, "again"), "versions continue after an expiry");
        assertEquals(Optional.of("again"), state.get(key, String.class));
    }

    @Test
    void writingAnExpiredKeyLogsItsExpiryFirst() throws Exception {
        String key = key("ttl-overwrite");
        state.set(key, 1, Duration.ofMillis(300));
        awaitTrue(() -> state.get(key, Integer.class).isEmpty(), "the value expired");

        // Whether or not the sweeper got there first, the key counts from absent.
        Integer counted = state.update(key, Integer.class, n -> n == null ? 100 : n + 1);

        assertEquals(100, counted);
        assertEquals(List.of(ChangeType.SET, ChangeType.EXPIRE, ChangeType.SET),
                events(key).stream().map(StateEvent::type).toList());
    }

    @Test
    void nonPositiveTimeToLiveIsRejectedAndLeavesNoTrace() {
        String key = key("ttl-bad");
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null,
                StateManager.MAX_TTL.plusNanos(1)}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> state.set(key, "v", bad), String.valueOf(bad));
            assertEquals(key, e.getKey());
            assertEquals("ttl", e.argument());
        }
        assertTrue(events(key).isEmpty());
    }

    @Test
    void verifyFindsTheStoreInLineWithTheLogAfterWrites() {
        String key = key("verified");
        state.set(key, "one");
        state.set(key, "two");
        state.delete(key("verified-deleted"));

        VerifyReport report = recovery.verify();

        assertTrue(report.checked() >= 1);
        assertTrue(report.consistent(), report.toString());
    }

    @Test
    void rebuildReloadsEveryKeyAndKeepsReadsCorrect() {
        String key = key("rebuilt");
        state.set(key, new Item("kept", 3));

        RecoveryReport report = recovery.rebuild();

        assertEquals("rebuild", report.operation());
        assertTrue(report.applied() >= 1, report.toString());
        assertEquals(Optional.of(new Versioned<>(new Item("kept", 3), 1)), state.getVersioned(key, Item.class));
        assertTrue(recovery.verify().consistent());
    }

    @Test
    void rebuildSkipsAndReportsAHeadRowWhoseValueIsCorrupt() throws Exception {
        String broken = key("corrupt");
        String fine = key("fine");
        state.set(broken, "was fine");
        state.set(fine, "still fine");
        utx.begin();
        logEntityManager.createNativeQuery("UPDATE sk_head SET value_json = '{\"truncated\":' WHERE state_key = ?1")
                .setParameter(1, broken).executeUpdate();
        utx.commit();

        RecoveryReport report = recovery.rebuild();

        assertTrue(report.corrupt() >= 1, report.toString());
        assertTrue(report.corruptSample().contains(broken + "@1"), report.corruptSample().toString());
        assertEquals(Optional.of("still fine"), state.get(fine, String.class), "the other keys are loaded");
        assertEquals(2, state.set(broken, "repaired"), "a corrupt key can be written again");
        assertEquals(Optional.of("repaired"), state.get(broken, String.class));
    }

    @Test
    void replayFromASequenceNeverPutsAnOlderValueBack() {
        String key = key("replayed");
        state.set(key, "v1");
        long first = events(key).get(0).sequence();
        state.set(key, "v2");
        state.set(key, "v3");

        RecoveryReport report = recovery.replay(first);

        assertEquals("replay", report.operation());
        assertTrue(report.applied() >= 3, report.toString());
        assertEquals(Optional.of(new Versioned<>("v3", 3)), state.getVersioned(key, String.class));
    }

    @Test
    void recoverSinceAnInstantReappliesTheKeysChangedSince() {
        String key = key("recovered");
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        state.set(key, "current");

        RecoveryReport report = recovery.recover(before);

        assertTrue(report.applied() >= 1, report.toString());
        assertEquals(Optional.of("current"), state.get(key, String.class));
    }

    @Test
    void aHeadRowLeftBehindItsNewestEventIsReportedByVerifyAndRepairedByRepairHeads() throws Exception {
        String key = key("behind");
        state.set(key, "v1");
        // A committed event the head row never recorded: what a lost head move left behind.
        utx.begin();
        logEntityManager.createNativeQuery("INSERT INTO sk_event (state_key, version_no, change_type, value_json,"
                        + " time_us, principal, node_id, tx_id) VALUES (?1, 2, 'SET', ?2, ?3, 'test', 'test', 'test')")
                .setParameter(1, key).setParameter(2, "\"lost\"").setParameter(3, System.currentTimeMillis() * 1000)
                .executeUpdate();
        utx.commit();

        VerifyReport before = recovery.verify();
        assertTrue(before.behindSample().contains(key), before.toString());
        assertFalse(before.consistent());

        RecoveryReport repaired = recovery.repairHeads();
        assertEquals("repairHeads", repaired.operation());
        assertTrue(repaired.applied() >= 1, repaired.toString());
        assertEquals(Optional.of(new Versioned<>("lost", 2)), state.getVersioned(key, String.class));
        assertEquals(3, state.set(key, "v3"), "the key is writable again");
        assertFalse(recovery.verify().behindSample().contains(key));
    }
}
