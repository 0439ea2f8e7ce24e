package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.TimedFixture.MutableClock;
import org.statekeeper.spi.StoredValue;

/**
 * A node starting up re-applies what another node committed but never applied (it died between commit and
 * apply), even when its first heal fails because the store is slow to answer.
 */
class StartupCatchUpTest {

    private final MutableClock clock = new MutableClock(TimedFixture.NOW);
    private final SwitchableStore store = new SwitchableStore(new InMemoryStateStore(clock));
    private final FakeTransactions tx = new FakeTransactions();
    private final FakeEventLog log = new FakeEventLog(tx);

    private StateEngine node(String id) {
        StateEngine engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), tx, Limits.DEFAULTS,
                () -> "alice", id, change -> { }, clock));
        return engine;
    }

    /** Node A commits v2 of the key but dies before the store has it; returns when that is so. */
    private void aNodeDiesBetweenCommitAndApply() {
        StateEngine a = node("node-a");
        assertTrue(a.storeSync().heal());
        a.set("k", "v1");
        store.failApplies(true);
        a.set("k", "v2");
        store.failApplies(false);
        assertEquals(Optional.of(new StoredValue("\"v1\"", 1)), store.get("k"), "the store missed v2");
    }

    @Test
    void theFirstHealOfANodeReappliesWhatADeadNodeLeftUnapplied() {
        aNodeDiesBetweenCommitAndApply();
        clock.set(TimedFixture.NOW.plus(Duration.ofHours(1)));

        assertTrue(node("node-b").storeSync().heal());

        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), store.get("k"));
    }

    @Test
    void aFailedFirstHealDoesNotSkipTheStartupCatchUp() {
        aNodeDiesBetweenCommitAndApply();
        clock.set(TimedFixture.NOW.plus(Duration.ofHours(1)));
        StateEngine b = node("node-b");
        store.failMarkerReads(1);

        assertFalse(b.storeSync().heal(), "the store did not answer in time");
        clock.set(clock.instant().plusSeconds(1));
        assertTrue(b.storeSync().heal());

        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), store.get("k"),
                "the catch-up from the store's checkpoint still ran");
    }
}
