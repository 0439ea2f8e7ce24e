package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.TimedFixture.MutableClock;
import org.statekeeper.spi.StoredValue;

/**
 * With the zero-configuration in-memory store on several nodes (each node's store is its own), every node
 * re-applies at every heal the heads each other node wrote since that node's previous mark, so it reads
 * another node's change one heal later at the latest, instead of its own old value for ever; with a shared
 * store, a change the change feed announced and the store lacks is read from the log at once (the rest of
 * the shared-store faults: {@link NodeMarksTest}).
 */
class LocalStoresTest {

    private final MutableClock clock = new MutableClock(TimedFixture.NOW);
    private final FakeTransactions tx = new FakeTransactions();
    private final FakeEventLog log = new FakeEventLog(tx);
    /** One store both nodes share (as Redis), each through a view whose writes can be cut off on its own. */
    private final InMemoryStateStore shared = new InMemoryStateStore(clock, true);
    private final SwitchableStore viewOfA = new SwitchableStore(shared);
    private final SwitchableStore viewOfB = new SwitchableStore(shared);

    private StateEngine node(String id) {
        StateEngine engine = new StateEngine(new EngineParts(new InMemoryStateStore(clock), log, new JsonbCodec(), tx,
                Limits.DEFAULTS, () -> "alice", id, change -> { }, clock));
        assertTrue(engine.storeSync().heal());
        return engine;
    }

    @Test
    void aNodeReadsAnotherNodesChangesAfterItsNextHeal() {
        StateEngine a = node("node-a");
        StateEngine b = node("node-b");
        a.set("k", "v1");
        clock.set(clock.instant().plusSeconds(1));
        assertTrue(b.storeSync().heal());
        assertEquals(Optional.of("v1"), b.get("k", String.class));

        clock.set(clock.instant().plusSeconds(30));
        a.set("k", "v2");
        a.delete("k");
        a.set("other", 7);
        clock.set(clock.instant().plusSeconds(1));
        assertTrue(b.storeSync().heal());

        assertEquals(Optional.empty(), b.get("k", String.class), "the delete reached node b");
        assertEquals(Optional.of(7), b.get("other", Integer.class));
        assertEquals(1, b.set("other-b", 1));
        clock.set(clock.instant().plusSeconds(1));
        assertTrue(a.storeSync().heal());
        assertEquals(Optional.of(1), a.get("other-b", Integer.class), "and the other way round");
    }

    @Test
    void aNodeToldOfACommitItsWriterCouldNotApplyReadsItFromTheLogAtOnce() {
        StateEngine a = nodeOn(viewOfA, "node-a");
        StateEngine b = nodeOn(viewOfB, "node-b");
        b.set("k", "v1");
        viewOfA.failApplies(true);
        long version = a.set("k", "v2");

        // The change feed still reached node b (only a's writes to the store fail).
        b.storeSync().committedElsewhere("k", version);

        assertEquals(Optional.of("v2"), b.get("k", String.class), "not the store's previous value until b's next heal");
        b.storeSync().committedElsewhere("k", 1);
        assertEquals(Optional.of("v2"), b.get("k", String.class));
    }

    @Test
    void anAnnouncedChangeTheStoreAlreadyHoldsIsStillReadFromTheStore() {
        StateEngine a = nodeOn(viewOfA, "node-a");
        StateEngine b = nodeOn(viewOfB, "node-b");
        long version = a.set("k", "v");

        b.storeSync().committedElsewhere("k", version);

        assertFalse(b.storeSync().isPending("k"), "the usual case costs the store one read, not the log");
    }

    private StateEngine nodeOn(SwitchableStore store, String id) {
        StateEngine engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), tx,
                Limits.DEFAULTS, () -> "alice", id, change -> { }, clock));
        assertTrue(engine.storeSync().heal());
        return engine;
    }
}
